using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// Bad input through the public API gets a clear problem+json and leaves nothing half-created; nobody reaches
/// another user's items.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class BadInputTests(DriveAppFixture drive)
{
    public static TheoryData<string> BadNames() =>
        ["", ".", "..", "a/b", "a\\b", "tab\tname", "bell\u0007", "del\u007f", new string('x', 256), new string('é', 128)];

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_bad_folder_name_is_refused_and_nothing_is_created(string name)
    {
        var (client, root, ct) = await drive.SignedInAsync();

        var response = await client.Api.PostAsJsonAsync("/api/folders", new { parentId = root.Id, name }, ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await client.ListChildrenAsync(root.Id, ct)).Items);
    }

    [Fact]
    public async Task A_name_of_255_bytes_works_and_a_taken_name_is_a_conflict_in_any_normal_form()
    {
        var (client, root, ct) = await drive.SignedInAsync();

        var longest = await client.CreateFolderAsync(root.Id, new string('é', 127) + "x", ct);
        Assert.Equal(255, Encoding.UTF8.GetByteCount(longest.Name));

        await client.CreateFolderAsync(root.Id, "Cafe\u0301", ct);
        var again = await client.Api.PostAsJsonAsync("/api/folders", new { parentId = root.Id, name = "Caf\u00e9" }, ct);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_folder_cannot_move_into_itself_or_its_descendant()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var outer = await client.CreateFolderAsync(root.Id, "outer", ct);
        var inner = await client.CreateFolderAsync(outer.Id, "inner", ct);

        foreach (var target in new[] { outer.Id, inner.Id })
        {
            var move = await client.Api.PatchAsJsonAsync($"/api/items/{outer.Id}", new { parentId = target }, ct);
            await ProblemAssert.IsProblemAsync(move, HttpStatusCode.Conflict);
        }

        Assert.Equal(root.Id, (await client.GetItemAsync(outer.Id, ct)).ParentId);
    }

    [Fact]
    public async Task Another_users_items_are_not_found_whatever_is_asked()
    {
        var (owner, ownerRoot, ct) = await drive.SignedInAsync();
        var secret = await owner.UploadAsync(ownerRoot.Id, "secret.txt", "mine"u8.ToArray(), ct);
        var (stranger, strangerRoot, _) = await drive.SignedInAsync();

        var attempts = new[]
        {
            await stranger.Api.GetAsync($"/api/items/{secret.Id}", ct),
            await stranger.Api.GetAsync($"/api/items/{secret.Id}/content", ct),
            await stranger.Api.GetAsync($"/api/folders/{ownerRoot.Id}/children", ct),
            await stranger.Api.PatchAsJsonAsync($"/api/items/{secret.Id}", new { name = "mine-now.txt" }, ct),
            await stranger.Api.PatchAsJsonAsync($"/api/items/{secret.Id}", new { parentId = strangerRoot.Id }, ct),
            await stranger.Api.DeleteAsync($"/api/items/{secret.Id}", ct),
            await stranger.Api.PostAsJsonAsync("/api/folders", new { parentId = ownerRoot.Id, name = "intruder" }, ct),
            await stranger.Api.GetAsync($"/api/items/{Guid.NewGuid()}", ct),
        };

        foreach (var response in attempts)
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Equal("secret.txt", (await owner.GetItemAsync(secret.Id, ct)).Name);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_refused()
    {
        using var anonymous = drive.CreateClient();
        var ct = CancellationToken.None;

        await ProblemAssert.IsProblemAsync(await anonymous.Api.GetAsync("/api/folders/root", ct), HttpStatusCode.Unauthorized);
        anonymous.Api.DefaultRequestHeaders.Authorization = new("Bearer", "not.a.token");
        await ProblemAssert.IsProblemAsync(await anonymous.Api.GetAsync("/api/me", ct), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public async Task An_upload_of_a_negative_or_absurd_size_is_refused(long size)
    {
        var (client, root, ct) = await drive.SignedInAsync();

        var response = await client.StartUploadAsync(root.Id, "big.bin", size, "application/octet-stream", null, ct);

        await ProblemAssert.IsClientErrorAsync(response);
    }

    [Fact]
    public async Task A_wrong_hash_or_a_missing_part_at_complete_leaves_no_item()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var content = RandomNumberGenerator.GetBytes(17 * 1024 * 1024);

        // 1. Every part sent, but the declared hash is of other bytes.
        var wrongHash = Convert.ToHexStringLower(SHA256.HashData("other bytes"u8));
        var session = await StartAsync(client, root.Id, "wrong-hash.bin", content.Length, wrongHash, ct);
        await client.SendPartsAsync(session, content, ct);
        var complete = await client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, ct);
        await ProblemAssert.IsClientErrorAsync(complete);

        // 2. One part never sent.
        var partial = await StartAsync(client, root.Id, "missing-part.bin", content.Length, null, ct);
        Assert.True(partial.Parts.Count > 1, "17 MiB should need several parts");
        foreach (var part in partial.Parts.Skip(1))
        {
            using var sent = await client.SendPartAsync(part, content, ct);
            Assert.True(sent.IsSuccessStatusCode);
        }

        var incomplete = await client.Api.PostAsync($"/api/uploads/{partial.UploadId}/complete", null, ct);
        await ProblemAssert.IsClientErrorAsync(incomplete);

        Assert.Empty((await client.ListChildrenAsync(root.Id, ct)).Items);
    }

    [Fact]
    public async Task Storage_refuses_a_tampered_or_misused_signed_url()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var content = "signed"u8.ToArray();
        var session = await StartAsync(client, root.Id, "signed.txt", content.Length, null, ct);
        var part = session.Parts[0];

        var tampered = part with { Url = TamperSignature(part.Url) };
        using var refused = await client.SendPartAsync(tampered, content, ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await client.SendPartsAsync(session, content, ct);
        var item = await DriveApiClient.ReadAsync<Item>(
            await client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, ct), HttpStatusCode.Created);
        using var redirect = await client.Api.GetAsync($"/api/items/{item.Id}/content", ct);
        var readUrl = redirect.Headers.Location!.ToString();
        using var overwriteRequest = new HttpRequestMessage(HttpMethod.Put, readUrl)
        {
            Content = new ByteArrayContent("evil"u8.ToArray()),
            Headers = { { "x-ms-blob-type", "BlockBlob" } },
        };
        using var overwrite = await client.Storage.SendAsync(overwriteRequest, ct);
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
        using var tamperedRead = await client.Storage.GetAsync(TamperSignature(readUrl), ct);
        Assert.Equal(HttpStatusCode.Forbidden, tamperedRead.StatusCode);
    }

    [Fact]
    public async Task A_fake_image_and_an_image_claiming_enormous_dimensions_end_as_failed_thumbnails()
    {
        var (client, root, ct) = await drive.SignedInAsync();

        var fake = await client.UploadAsync(root.Id, "not-a-photo.jpg", Encoding.UTF8.GetBytes("plain text"), ct);
        var bomb = await client.UploadAsync(root.Id, "bomb.png", PngHeaderClaiming(100_000, 100_000), ct);

        foreach (var item in new[] { fake, bomb })
        {
            var done = await client.WaitForThumbnailAsync(item.Id, TimeSpan.FromSeconds(60), ct);
            Assert.Equal("failed", done.Thumbnail?.State);
        }

        var photo = Corpus.Photos(2)[1];
        var real = await client.UploadAsync(root.Id, photo.Name, await File.ReadAllBytesAsync(photo.FullName, ct), ct);
        Assert.Equal("ready", (await client.WaitForThumbnailAsync(real.Id, TimeSpan.FromSeconds(60), ct)).Thumbnail?.State);
    }

    private static async Task<UploadSession> StartAsync(
        DriveApiClient client, Guid parentId, string name, long size, string? sha256, CancellationToken ct) =>
        await DriveApiClient.ReadAsync<UploadSession>(
            await client.StartUploadAsync(parentId, name, size, "application/octet-stream", sha256, ct),
            HttpStatusCode.Created);

    private static string TamperSignature(string url)
    {
        var at = url.IndexOf("sig=", StringComparison.Ordinal) + 4;
        var replacement = url[at] == 'A' ? 'B' : 'A';
        return string.Concat(url.AsSpan(0, at), replacement.ToString(), url.AsSpan(at + 1));
    }

    /// <summary>A PNG signature and header chunk that claim a 100000 x 100000 picture, with no pixels behind them.</summary>
    private static byte[] PngHeaderClaiming(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;

        var chunk = new List<byte>();
        chunk.AddRange([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        chunk.AddRange(BigEndian(header.Length));
        var typed = "IHDR"u8.ToArray().Concat(header).ToArray();
        chunk.AddRange(typed);
        chunk.AddRange(BigEndian((int)Crc32.HashToUInt32(typed)));
        return [.. chunk];
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
