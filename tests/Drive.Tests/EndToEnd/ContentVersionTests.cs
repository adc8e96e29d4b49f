using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Drive.Contracts.Events;
using Drive.Contracts.Thumbnails;
using Drive.Files;
using Drive.Files.Data;
using Drive.Files.Storage;
using Drive.Messaging;
using Drive.Messaging.Rabbit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetVips;
using Xunit.Abstractions;
using Item = Drive.Client.Item;
using ItemRow = Drive.Files.Data.Item;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// New versions of a file's content through the public upload flow: the thumbnail follows the content, results for
/// replaced content change nothing, and blob storage ends holding exactly the current content and its renditions.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class ContentVersionTests(DriveAppFixture drive, ITestOutputHelper output)
{
    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromMinutes(2);
    private static readonly double[] Red = [230, 20, 20];
    private static readonly double[] Blue = [20, 20, 230];
    private static readonly double[] Green = [20, 230, 20];

    [Fact]
    public async Task A_new_version_gets_its_own_thumbnail_and_leaves_only_its_own_blobs()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;

        // 1. A red landscape JPEG, then a blue portrait PNG as its new version, each thumbnail checked.
        var (first, second) = (Picture(600, 400, Red, ".jpg"), Picture(300, 600, Blue, ".png"));
        var (item, replaced, before) = await UploadAndReplaceAsync(client, root.Id, first, second, ct);

        // 2. Same id, name and folder; the next content version with the new size, type and hash.
        Assert.Equal((item.Id, item.Name, item.ParentId), (replaced.Id, replaced.Name, replaced.ParentId));
        Assert.Equal((2, second.Bytes.LongLength, "image/png"),
            (replaced.ContentVersion, replaced.Size ?? -1, replaced.ContentType));
        Assert.Equal(Sha256(second.Bytes), replaced.Sha256);
        Assert.Equal("pending", replaced.Thumbnail?.State);

        // 3. The download gives the new bytes.
        var (downloaded, _) = await client.DownloadAsync(item.Id, ct);
        Assert.Equal(Sha256(second.Bytes), Sha256(downloaded));

        // 4. Storage holds the new content and its two renditions only; the old content and renditions are gone.
        var after = await RowAsync(item.Id, ct);
        Assert.NotEqual(before.BlobName, after.BlobName);
        Assert.NotEqual(before.ThumbnailBlobName, after.ThumbnailBlobName);
        await AssertStoredAsync(after, Sha256(second.Bytes), ct);
    }

    [Fact]
    public async Task Results_for_replaced_content_never_overwrite_the_newer_state_nor_leave_renditions()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var (first, second) = (Picture(500, 500, Red, ".jpg"), Picture(800, 400, Green, ".jpg"));
        var (item, _, old) = await UploadAndReplaceAsync(client, root.Id, first, second, ct);
        var current = await RowAsync(item.Id, ct);

        // 1. A job for the old content that finished late: its rendition written, then its results delivered.
        var late = ThumbnailBlobNames.Rendition(item.Id, Sha256(first.Bytes), 256);
        var thumbnails = await ThumbnailsAsync(ct);
        await thumbnails.GetBlobClient(late).UploadAsync(BinaryData.FromBytes(Picture(16, 16, Red, ".jpg").Bytes), ct);
        var ready = new ThumbnailReady(Guid.NewGuid(), DateTimeOffset.UtcNow, item.Id, old.BlobName!, late, 256, 256);
        var failed = new ThumbnailFailed(Guid.NewGuid(), DateTimeOffset.UtcNow, item.Id, old.BlobName!, "late");
        await PublishAsync(ready, failed, ct);
        await WaitForInboxAsync(ready.EventId, EventNameAttribute.Of<ThumbnailReady>(), ct);
        await WaitForInboxAsync(failed.EventId, EventNameAttribute.Of<ThumbnailFailed>(), ct);

        // 2. The file still shows the new content's thumbnail, and the late rendition was swept.
        var after = await RowAsync(item.Id, ct);
        Assert.Equal(
            (ThumbnailState.Ready, current.ThumbnailBlobName), (after.ThumbnailState, after.ThumbnailBlobName));
        await AssertThumbnailAsync(client, item.Id, second, ct);
        await AssertStoredAsync(after, Sha256(second.Bytes), ct);
    }

    [Fact]
    public async Task Versions_replaced_in_quick_succession_end_with_the_last_ones_thumbnail_only()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;

        // Three contents in a row, without waiting for any thumbnail.
        var item = await client.UploadAsync(root.Id, "burst.jpg", Picture(640, 480, Red, ".jpg").Bytes, ct);
        await client.UploadNewVersionAsync(item.Id, Picture(480, 640, Green, ".jpg").Bytes, "image/jpeg", ct);
        var last = Picture(2000, 500, Blue, ".jpg");
        var final = await client.UploadNewVersionAsync(item.Id, last.Bytes, last.ContentType, ct);
        Assert.Equal(3, final.ContentVersion);

        await AssertThumbnailAsync(client, item.Id, last, ct);
        var row = await RowAsync(item.Id, ct);
        await WaitUntilAsync("only the last content's renditions to remain", async () =>
            (await RenditionsAsync(item.Id, ct)).SetEquals(CurrentRenditions(row, Sha256(last.Bytes))), ct);

        // Jobs for the replaced contents may still finish; a few seconds later the state is unchanged.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(row.ThumbnailBlobName, (await RowAsync(item.Id, ct)).ThumbnailBlobName);
        await AssertStoredAsync(row, Sha256(last.Bytes), ct);
    }

    [Fact]
    public async Task Purging_a_file_with_versions_leaves_no_rendition_and_no_content()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var (first, second) = (Picture(640, 320, Red, ".jpg"), Picture(256, 512, Blue, ".jpg"));
        var (item, _, _) = await UploadAndReplaceAsync(client, root.Id, first, second, ct);
        var row = await RowAsync(item.Id, ct);

        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/items/{item.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/trash/{item.Id}", ct)).StatusCode);

        Assert.Empty(await RenditionsAsync(item.Id, ct));
        Assert.Empty(await ContentBlobsAsync(row.OwnerId, ct));
    }

    [Fact]
    public async Task New_versions_of_what_cannot_take_one_are_refused_with_problems()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var (stranger, _, _) = await drive.SignedInAsync();
        using var __ = stranger;
        var file = await client.UploadAsync(root.Id, "mine.txt", "version 1"u8.ToArray(), ct);
        var trashed = await client.UploadAsync(root.Id, "binned.txt", "old"u8.ToArray(), ct);
        await client.Api.DeleteAsync($"/api/items/{trashed.Id}", ct);

        async Task<Problem> RefusedAsync(DriveApiClient who, object body, HttpStatusCode status) =>
            await ProblemAssert.IsProblemAsync(await who.Api.PostAsJsonAsync("/api/uploads", body, ct), status);

        await RefusedAsync(client, new { fileId = root.Id, size = 3 }, HttpStatusCode.BadRequest);
        await RefusedAsync(client, new { fileId = trashed.Id, size = 3 }, HttpStatusCode.Conflict);
        await RefusedAsync(client, new { fileId = Guid.NewGuid(), size = 3 }, HttpStatusCode.NotFound);
        await RefusedAsync(stranger, new { fileId = file.Id, size = 3 }, HttpStatusCode.NotFound);
        var renamed = await RefusedAsync(
            client, new { fileId = file.Id, name = "x.txt", size = 3 }, HttpStatusCode.BadRequest);
        Assert.Contains("omit name and parentId", renamed.Detail, StringComparison.Ordinal);
        await RefusedAsync(client, new { fileId = file.Id, size = 16L << 30 }, HttpStatusCode.RequestEntityTooLarge);
        await RefusedAsync(client, new { fileId = file.Id, size = -1 }, HttpStatusCode.BadRequest);

        // Nothing changed the file.
        Assert.Equal(1, (await client.GetItemAsync(file.Id, ct)).ContentVersion);
    }

    [Fact]
    public async Task Completion_is_idempotent_races_serialise_and_a_file_trashed_or_purged_meanwhile_is_refused()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var file = await client.UploadAsync(root.Id, "notes.txt", "version 1"u8.ToArray(), ct);

        // 1. Completing the same new version twice (a retry after a lost answer) applies it once.
        var v2 = "version 2"u8.ToArray();
        var upload = await StartAndSendAsync(client, file.Id, v2, ct);
        var completed = await CompleteAsync(client, upload, HttpStatusCode.Created, ct);
        var again = await CompleteAsync(client, upload, HttpStatusCode.Created, ct);
        Assert.Equal((file.Id, 2), (completed.Id, completed.ContentVersion));
        Assert.Equal((file.Id, 2, Sha256(v2)), (again.Id, again.ContentVersion, again.Sha256));

        // 2. Two new versions completed at once: both apply, one after the other; the content is one of them whole.
        var (left, right) = ("version 3a, longer"u8.ToArray(), "version 3b"u8.ToArray());
        var uploads = await Task.WhenAll(
            StartAndSendAsync(client, file.Id, left, ct), StartAndSendAsync(client, file.Id, right, ct));
        var raced = await Task.WhenAll(uploads.Select(id => CompleteAsync(client, id, HttpStatusCode.Created, ct)));
        Assert.Equal([3, 4], raced.Select(item => item.ContentVersion).Order());
        var (content, _) = await client.DownloadAsync(file.Id, ct);
        var winner = raced.MaxBy(item => item.ContentVersion)!;
        Assert.Equal(winner.Sha256, Sha256(content));
        Assert.Contains(Sha256(content), new[] { Sha256(left), Sha256(right) });
        var row = await RowAsync(file.Id, ct);
        Assert.Equal([row.BlobName!], await ContentBlobsAsync(row.OwnerId, ct));

        // 3. Trashed during the upload: refused, the file keeps its content, and it can be restored.
        var pending = await StartAndSendAsync(client, file.Id, "too late"u8.ToArray(), ct);
        await client.Api.DeleteAsync($"/api/items/{file.Id}", ct);
        var trashed = await ProblemAssert.IsProblemAsync(
            await client.Api.PostAsync($"/api/uploads/{pending}/complete", null, ct), HttpStatusCode.Conflict);
        Assert.Contains("restore", trashed.Detail, StringComparison.OrdinalIgnoreCase);
        var restored = await client.Api.PostAsync($"/api/items/{file.Id}/restore", null, ct);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(winner.Sha256, (await client.GetItemAsync(file.Id, ct)).Sha256);

        // 4. Purged during the upload: not found, and nothing of the file stays in storage.
        var orphan = await StartAndSendAsync(client, file.Id, "nobody"u8.ToArray(), ct);
        await client.Api.DeleteAsync($"/api/items/{file.Id}", ct);
        await client.Api.DeleteAsync($"/api/trash/{file.Id}", ct);
        await ProblemAssert.IsProblemAsync(
            await client.Api.PostAsync($"/api/uploads/{orphan}/complete", null, ct), HttpStatusCode.NotFound);
        Assert.Empty(await ContentBlobsAsync(row.OwnerId, ct));
    }

    private static async Task<Guid> StartAndSendAsync(
        DriveApiClient client, Guid fileId, byte[] content, CancellationToken ct)
    {
        var start = await client.StartNewVersionAsync(fileId, content.Length, "text/plain", Sha256(content), ct);
        var session = await DriveApiClient.ReadAsync<UploadSession>(start, HttpStatusCode.Created);
        await client.SendPartsAsync(session, content, ct);
        return session.UploadId;
    }

    private static async Task<Item> CompleteAsync(
        DriveApiClient client, Guid uploadId, HttpStatusCode expected, CancellationToken ct) =>
        await DriveApiClient.ReadAsync<Item>(
            await client.Api.PostAsync($"/api/uploads/{uploadId}/complete", null, ct), expected);

    /// <summary>
    /// Uploads <paramref name="first"/> as a new file and waits for its thumbnail, then uploads
    /// <paramref name="second"/> as its new version and waits for that thumbnail. Returns the new file, the answer to
    /// the new version's completion and the file's row as it was before the new version.
    /// </summary>
    private async Task<(Item Item, Item Replaced, ItemRow Before)> UploadAndReplaceAsync(
        DriveApiClient client, Guid folderId, Content first, Content second, CancellationToken ct)
    {
        var item = await client.UploadAsync(folderId, $"picture{first.Extension}", first.Bytes, ct, first.ContentType);
        await AssertThumbnailAsync(client, item.Id, first, ct);
        var before = await RowAsync(item.Id, ct);

        var replaced = await client.UploadNewVersionAsync(item.Id, second.Bytes, second.ContentType, ct);
        await AssertThumbnailAsync(client, item.Id, second, ct);
        return (item, replaced, before);
    }

    /// <summary>
    /// Waits for the thumbnail to be ready, then checks that its size in pixels and its mean colour are those of
    /// <paramref name="content"/>'s thumbnail.
    /// </summary>
    private async Task AssertThumbnailAsync(DriveApiClient client, Guid id, Content content, CancellationToken ct)
    {
        var item = await client.WaitForThumbnailAsync(id, ThumbnailTimeout, ct);
        Assert.Equal("ready", item.Thumbnail?.State);

        using var redirect = await client.Api.GetAsync($"/api/items/{id}/thumbnail", ct);
        await DriveApiClient.EnsureStatusAsync(redirect, HttpStatusCode.Redirect);
        var bytes = await client.Storage.GetByteArrayAsync(redirect.Headers.Location, ct);
        using var thumbnail = Image.NewFromBuffer(bytes);
        var mean = Enumerable.Range(0, 3).Select(band => thumbnail.ExtractBand(band).Avg()).ToArray();
        var means = string.Join('/', mean.Select(m => (int)m));
        output.WriteLine($"thumbnail of {id}: {thumbnail.Width}x{thumbnail.Height}, mean {means}");
        Assert.Equal((content.ThumbnailWidth, 256), (thumbnail.Width, thumbnail.Height));
        Assert.All(content.Colour.Zip(mean), pair => Assert.InRange(pair.Second, pair.First - 25, pair.First + 25));
    }

    /// <summary>Exactly the file's current content and its current content's two renditions are stored.</summary>
    private async Task AssertStoredAsync(ItemRow row, string contentSha256, CancellationToken ct)
    {
        Assert.Equal(ThumbnailBlobNames.Rendition(row.Id, contentSha256, 256), row.ThumbnailBlobName);
        Assert.Equal(CurrentRenditions(row, contentSha256), await RenditionsAsync(row.Id, ct));
        Assert.Equal([row.BlobName!], await ContentBlobsAsync(row.OwnerId, ct));
    }

    private static HashSet<string> CurrentRenditions(ItemRow row, string contentSha256) =>
        [
            ThumbnailBlobNames.Rendition(row.Id, contentSha256, 256),
            ThumbnailBlobNames.Rendition(row.Id, contentSha256, 1024),
        ];

    private async Task<HashSet<string>> RenditionsAsync(Guid fileId, CancellationToken ct) =>
        await ListAsync(await ThumbnailsAsync(ct), ThumbnailBlobNames.OfFile(fileId), ct);

    /// <summary>Every content blob of the owner; each test's user is new, so these are the test's files only.</summary>
    private async Task<HashSet<string>> ContentBlobsAsync(Guid ownerId, CancellationToken ct) =>
        await ListAsync(
            (await drive.BlobsAsync(ct)).GetBlobContainerClient(BlobStore.FilesContainer), $"{ownerId}/", ct);

    private static async Task<HashSet<string>> ListAsync(
        BlobContainerClient container, string prefix, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(new() { Prefix = prefix }, ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<BlobContainerClient> ThumbnailsAsync(CancellationToken ct) =>
        (await drive.BlobsAsync(ct)).GetBlobContainerClient(BlobStore.ThumbnailsContainer);

    private async Task<ItemRow> RowAsync(Guid id, CancellationToken ct)
    {
        await using var db = await drive.FilesDbAsync(ct);
        return await db.Items.AsNoTracking().SingleAsync(i => i.Id == id, ct);
    }

    /// <summary>Publishes events to the running Drive's broker, as Drive.Thumbnails would.</summary>
    private async Task PublishAsync(ThumbnailReady ready, ThumbnailFailed failed, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = await drive.Host.GetConnectionStringAsync("rabbitmq", ct),
        });
        builder.AddDriveMessaging("rabbitmq");
        var host = builder.Build();
        try
        {
            var publisher = host.Services.GetRequiredService<IEventPublisher>();
            await publisher.PublishAsync(ready, ct);
            await publisher.PublishAsync(failed, ct);
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private Task WaitForInboxAsync(Guid eventId, string eventName, CancellationToken ct)
    {
        var queue = Topology.QueueName(FilesServiceExtensions.ConsumerName, eventName);
        return WaitUntilAsync($"{eventName} {eventId} handled by Files", async () =>
        {
            await using var db = await drive.FilesDbAsync(ct);
            return await db.InboxMessages.AnyAsync(m => m.Consumer == queue && m.EventId == eventId, ct);
        }, ct);
    }

    private static async Task WaitUntilAsync(string what, Func<Task<bool>> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"waited 60 s for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>
    /// A picture of one colour in the given format (".jpg", ".png"), made here rather than read from disk, with the
    /// width of its 256-pixel-high thumbnail (the tests choose sizes whose thumbnails have whole widths).
    /// </summary>
    private static Content Picture(int width, int height, double[] rgb, string extension)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var coloured = black + rgb;
        using var image = coloured.Cast(Enums.BandFormat.Uchar);
        var contentType = extension == ".png" ? "image/png" : "image/jpeg";
        return new Content(image.WriteToBuffer(extension), extension, contentType, width * 256 / height, rgb);
    }

    /// <summary>One content a test uploads and the thumbnail expected of it.</summary>
    private sealed record Content(
        byte[] Bytes, string Extension, string ContentType, int ThumbnailWidth, double[] Colour);

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
