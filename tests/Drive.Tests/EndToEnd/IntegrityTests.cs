using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Drive.Files;
using Drive.Files.Data;
using Drive.Files.Storage;
using Drive.Files.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Item = Drive.Client.Item;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// Races and misuse a hostile client can try: crossing moves, writing through an old upload URL, parallel
/// completions, a folder trashed during an upload.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class IntegrityTests(DriveAppFixture drive)
{
    [Fact]
    public async Task Crossing_moves_never_make_a_cycle()
    {
        var (client, root, ct) = await drive.SignedInAsync();

        for (var round = 0; round < 8; round++)
        {
            var x = await client.CreateFolderAsync(root.Id, $"x{round}", ct);
            var y = await client.CreateFolderAsync(root.Id, $"y{round}", ct);

            var moves = await Task.WhenAll(
                client.Api.PatchAsJsonAsync($"/api/items/{x.Id}", new { parentId = y.Id }, ct),
                client.Api.PatchAsJsonAsync($"/api/items/{y.Id}", new { parentId = x.Id }, ct));

            var statuses = moves.Select(m => m.StatusCode).ToList();
            Assert.Contains(HttpStatusCode.Conflict, statuses);
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"got {s}"));
            Assert.Equal(root.Id, await TopAncestorAsync(client, x.Id, ct));
            Assert.Equal(root.Id, await TopAncestorAsync(client, y.Id, ct));
        }
    }

    [Fact]
    public async Task A_cycle_already_in_the_database_does_not_hang_trash_or_move()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var a = await client.CreateFolderAsync(root.Id, "a", ct);
        var b = await client.CreateFolderAsync(a.Id, "b", ct);
        var outsider = await client.CreateFolderAsync(root.Id, "outsider", ct);

        // Made behind the API's back, as a bug of old might have left it.
        await using (var connection = new NpgsqlConnection(await drive.Host.GetConnectionStringAsync("filesdb", ct)))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("""UPDATE items SET "ParentId" = @b WHERE "Id" = @a""", connection);
            command.Parameters.AddWithValue("a", a.Id);
            command.Parameters.AddWithValue("b", b.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        }

        var watch = Stopwatch.StartNew();
        var move = await client.Api.PatchAsJsonAsync($"/api/items/{outsider.Id}", new { parentId = a.Id }, ct);
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var intoTheLoop = await client.Api.PatchAsJsonAsync($"/api/items/{a.Id}", new { parentId = outsider.Id }, ct);
        await ProblemAssert.IsProblemAsync(intoTheLoop, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/items/{a.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/trash/{a.Id}", ct)).StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Writing_through_an_upload_url_after_complete_or_purge_reaches_no_stored_file()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var me = await DriveApiClient.ReadAsync<Drive.Client.Me>(await client.Api.GetAsync("/api/me", ct), HttpStatusCode.OK);
        var original = Encoding.UTF8.GetBytes("verified content");
        var session = await StartAsync(client, root.Id, "kept.txt", original, ct);
        Assert.All(session.Parts, p => Assert.Contains($"/{BlobStore.UploadsContainer}/", p.Url));
        await client.SendPartsAsync(session, original, ct);
        var item = await CompleteAsync(client, session, ct);

        // 1. The staging blob is gone at once; a later PUT only recreates it there, never the stored file.
        var storage = await drive.BlobsAsync(ct);
        var staging = storage.GetBlobContainerClient(BlobStore.UploadsContainer).GetBlobClient(session.UploadId.ToString());
        Assert.False((await staging.ExistsAsync(ct)).Value);
        using (var late = await client.SendPartAsync(session.Parts[0] with { Length = 4 }, "evil"u8.ToArray(), ct))
        {
            Assert.True(late.IsSuccessStatusCode, $"storage answered {late.StatusCode}");
        }

        var (downloaded, _) = await client.DownloadAsync(item.Id, ct);
        Assert.Equal(original, downloaded);

        // 2. After a purge nothing of the owner stays in the files container, whatever the old URL writes.
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/items/{item.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/trash/{item.Id}", ct)).StatusCode);
        using (var afterPurge = await client.SendPartAsync(session.Parts[0] with { Length = 4 }, "evil"u8.ToArray(), ct))
        {
            Assert.True(afterPurge.IsSuccessStatusCode);
        }

        var files = storage.GetBlobContainerClient(BlobStore.FilesContainer);
        await foreach (var blob in files.GetBlobsAsync(new() { Prefix = $"{me.Id}/" }, ct))
        {
            Assert.Fail($"{blob.Name} is still in the files container");
        }

        // 3. Once its write URL has expired, the cleaner removes the staging blob of a finished or aborted upload.
        var aborted = await StartAsync(client, root.Id, "aborted.txt", original, ct);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/uploads/{aborted.UploadId}", ct)).StatusCode);
        await client.SendPartsAsync(aborted, original, ct);
        await using var later = await CleanerAheadAsync(TimeSpan.FromHours(1) + BlobStore.ClockSkew + TimeSpan.FromMinutes(1), ct);

        // The aborted upload's row goes with its staging blob; the completed one's late write is left for the sweep.
        await later.Cleaner.CleanBatchAsync(ct);
        Assert.True(await later.Cleaner.SweepStagingAsync(ct) >= 1);
        Assert.False((await staging.ExistsAsync(ct)).Value);
        Assert.False((await storage.GetBlobContainerClient(BlobStore.UploadsContainer)
            .GetBlobClient(aborted.UploadId.ToString()).ExistsAsync(ct)).Value);
    }

    [Fact]
    public async Task Content_a_new_version_replaced_is_deleted_by_the_cleaner_if_its_first_deletion_failed()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var file = await client.UploadAsync(root.Id, "versioned.txt", "version 1"u8.ToArray(), ct);
        await client.UploadNewVersionAsync(file.Id, "version 2"u8.ToArray(), "text/plain", ct);
        var me = await DriveApiClient.ReadAsync<Drive.Client.Me>(await client.Api.GetAsync("/api/me", ct), HttpStatusCode.OK);

        // 1. As if deleting the replaced content had failed right after the commit: it is back in storage.
        var files = (await drive.BlobsAsync(ct)).GetBlobContainerClient(BlobStore.FilesContainer);
        var replaced = files.GetBlobClient($"{me.Id}/{file.Id}");
        await replaced.UploadAsync(BinaryData.FromString("version 1"), ct);

        // 2. The cleaner, once the new version's upload has expired, deletes it with the upload's row; the current
        //    content stays and still downloads.
        await using var later = await CleanerAheadAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1), ct);
        while (await later.Cleaner.CleanBatchAsync(ct) > 0)
        {
        }

        Assert.False((await replaced.ExistsAsync(ct)).Value);
        var (content, _) = await client.DownloadAsync(file.Id, ct);
        Assert.Equal("version 2"u8.ToArray(), content);
    }

    [Fact]
    public async Task A_copy_left_by_a_completion_that_never_committed_is_deleted_by_the_cleaner()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var content = "never completed"u8.ToArray();
        var session = await StartAsync(client, root.Id, "unfinished.txt", content, ct);
        await client.SendPartsAsync(session, content, ct);
        var me = await DriveApiClient.ReadAsync<Drive.Client.Me>(await client.Api.GetAsync("/api/me", ct), HttpStatusCode.OK);

        // 1. As if the files service had copied the upload for its checks and then died before the commit.
        var files = (await drive.BlobsAsync(ct)).GetBlobContainerClient(BlobStore.FilesContainer);
        var copy = files.GetBlobClient($"{me.Id}/{session.UploadId}");
        await copy.UploadAsync(BinaryData.FromBytes(content), ct);

        // 2. Once the upload has expired, the cleaner deletes the copy along with the staging blob and the row.
        await using var later = await CleanerAheadAsync(TimeSpan.FromHours(1) + BlobStore.ClockSkew + TimeSpan.FromMinutes(1), ct);
        while (await later.Cleaner.CleanBatchAsync(ct) > 0)
        {
        }

        Assert.False((await copy.ExistsAsync(ct)).Value);
        Assert.Empty((await client.ListChildrenAsync(root.Id, ct)).Items);
    }

    [Fact]
    public async Task Parallel_completions_answer_the_same_file_or_a_conflict()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var content = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);
        var session = await StartAsync(client, root.Id, "raced.bin", content, ct);
        await client.SendPartsAsync(session, content, ct);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, ct)));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.All(answers, a => Assert.True(
            a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"got {(int)a.StatusCode}"));
        Assert.NotEmpty(created);
        var ids = await Task.WhenAll(created.Select(async a => (await a.Content.ReadFromJsonAsync<Item>(ct))!.Id));
        Assert.Single(ids.Distinct());
        Assert.Single((await client.ListChildrenAsync(root.Id, ct)).Items);
    }

    [Fact]
    public async Task Completing_into_a_folder_trashed_meanwhile_creates_nothing()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var folder = await client.CreateFolderAsync(root.Id, "soon trashed", ct);
        var content = Encoding.UTF8.GetBytes("orphan");
        var session = await StartAsync(client, folder.Id, "orphan.txt", content, ct);
        await client.SendPartsAsync(session, content, ct);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/items/{folder.Id}", ct)).StatusCode);

        var complete = await client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, ct);

        var problem = await ProblemAssert.IsProblemAsync(complete, HttpStatusCode.NotFound);
        Assert.Contains("trash", problem.Detail);
        var restored = await client.Api.PostAsync($"/api/items/{folder.Id}/restore", null, ct);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Empty((await client.ListChildrenAsync(folder.Id, ct)).Items);
        var storage = await drive.BlobsAsync(ct);
        Assert.False((await storage.GetBlobContainerClient(BlobStore.UploadsContainer)
            .GetBlobClient(session.UploadId.ToString()).ExistsAsync(ct)).Value);
    }

    [Fact]
    public async Task An_upper_case_sha256_is_accepted_and_stored_lower_case()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var content = Encoding.UTF8.GetBytes("case");
        var hash = Convert.ToHexString(SHA256.HashData(content));
        var start = await client.StartUploadAsync(root.Id, "case.txt", content.Length, "text/plain", hash, ct);
        var session = await DriveApiClient.ReadAsync<UploadSession>(start, HttpStatusCode.Created);
        await client.SendPartsAsync(session, content, ct);

        var item = await CompleteAsync(client, session, ct);

        Assert.Equal(hash.ToLowerInvariant(), item.Sha256);
    }

    private static async Task<Guid?> TopAncestorAsync(DriveApiClient client, Guid id, CancellationToken ct)
    {
        var current = await client.GetItemAsync(id, ct);
        for (var depth = 0; depth < 10 && current.ParentId is { } parent; depth++)
        {
            current = await client.GetItemAsync(parent, ct);
        }

        return current.ParentId is null ? current.Id : null;
    }

    /// <summary>The expired-uploads cleaner as it will run <paramref name="ahead"/> from now, on this Drive's stores.</summary>
    private async Task<LaterCleaner> CleanerAheadAsync(TimeSpan ahead, CancellationToken ct)
    {
        var later = new ShiftedTime(ahead);
        var database = await drive.Host.GetConnectionStringAsync("filesdb", ct);
        var services = new ServiceCollection();
        services.AddDbContext<FilesDbContext>(options => options.UseNpgsql(database));
        services.AddSingleton(await drive.BlobsAsync(ct));
        services.AddSingleton<TimeProvider>(later);
        services.AddSingleton<BlobStore>();
        var provider = services.BuildServiceProvider();
        return new LaterCleaner(provider, new ExpiredUploadsCleaner(provider.GetRequiredService<IServiceScopeFactory>(),
            later, Options.Create(new FilesOptions()), NullLogger<ExpiredUploadsCleaner>.Instance));
    }

    /// <summary>A cleaner and the services it runs on, which go with it.</summary>
    private sealed record LaterCleaner(ServiceProvider Services, ExpiredUploadsCleaner Cleaner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }

    private static async Task<UploadSession> StartAsync(
        DriveApiClient client, Guid parentId, string name, byte[] content, CancellationToken ct) =>
        await DriveApiClient.ReadAsync<UploadSession>(
            await client.StartUploadAsync(parentId, name, content.Length, "application/octet-stream",
                Convert.ToHexStringLower(SHA256.HashData(content)), ct),
            HttpStatusCode.Created);

    private static async Task<Item> CompleteAsync(DriveApiClient client, UploadSession session, CancellationToken ct) =>
        await DriveApiClient.ReadAsync<Item>(
            await client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, ct), HttpStatusCode.Created);

    /// <summary>The system clock moved forward, as the cleaner would see it later.</summary>
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
