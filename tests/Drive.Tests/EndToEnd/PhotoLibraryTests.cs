using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// A new user fills a drive with real photographs through the public API exactly as a client would, sees every
/// thumbnail arrive, gets every byte back, and organises the files.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class PhotoLibraryTests(DriveAppFixture drive)
{
    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Photos_empty_and_multipart_files_round_trip_with_thumbnails()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        using var client = drive.CreateClient();
        await client.SignUpAsync(ct);
        var root = await client.GetRootAsync(ct);
        var album = await client.CreateFolderAsync(root.Id, "Holiday 2026", ct);

        // 1. Twenty photographs (the largest among them), a zero-byte file and a file of several parts.
        List<(string Name, byte[] Content)> files =
        [
            .. Corpus.Photos(20).Select(photo => (photo.Name, File.ReadAllBytes(photo.FullName))),
            ("empty.txt", []),
            ("archive.bin", RandomNumberGenerator.GetBytes(20 * 1024 * 1024 + 12345)),
        ];
        var uploaded = new List<(Item Item, byte[] Content)>();
        foreach (var (name, content) in files)
        {
            uploaded.Add((await client.UploadAsync(album.Id, name, content, ct), content));
        }

        // 2. Every item carries its size and hash, and every photo's thumbnail becomes ready.
        foreach (var (item, content) in uploaded)
        {
            Assert.Equal(content.LongLength, item.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), item.Sha256);
        }

        foreach (var (item, _) in uploaded.Where(u => u.Item.Name.EndsWith(".jpg", StringComparison.Ordinal)))
        {
            var done = await client.WaitForThumbnailAsync(item.Id, ThumbnailTimeout, ct);
            Assert.Equal("ready", done.Thumbnail?.State);
            await AssertThumbnailIsSmallJpegAsync(client, item.Id, ct);
        }

        // 3. Each download matches byte for byte.
        foreach (var (item, content) in uploaded)
        {
            var (bytes, response) = await client.DownloadAsync(item.Id, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Contains(item.Name, response.Content.Headers.ContentDisposition?.ToString() ?? "");
        }

        // 4. The folder lists them all and usage counts their bytes.
        var page = await client.ListChildrenAsync(album.Id, ct, "?pageSize=1000");
        Assert.Equal(files.Count, page.Items.Count);
        var me = await DriveApiClient.ReadAsync<Me>(await client.Api.GetAsync("/api/me", ct), HttpStatusCode.OK);
        Assert.Equal(files.Sum(f => (long)f.Content.Length), me.UsedBytes);
    }

    [Fact]
    public async Task Rename_move_trash_and_restore()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        using var client = drive.CreateClient();
        await client.SignUpAsync(ct);
        var root = await client.GetRootAsync(ct);
        var docs = await client.CreateFolderAsync(root.Id, "Documents", ct);
        var archive = await client.CreateFolderAsync(root.Id, "Archive", ct);
        var note = await client.UploadAsync(docs.Id, "note.txt", "hello drive"u8.ToArray(), ct);

        // 1. Rename.
        var renamed = await DriveApiClient.ReadAsync<Item>(
            await client.Api.PatchAsJsonAsync($"/api/items/{note.Id}", new { name = "notes.txt" }, ct),
            HttpStatusCode.OK);
        Assert.Equal("notes.txt", renamed.Name);

        // 2. Move into another folder.
        var moved = await DriveApiClient.ReadAsync<Item>(
            await client.Api.PatchAsJsonAsync($"/api/items/{note.Id}", new { parentId = archive.Id }, ct),
            HttpStatusCode.OK);
        Assert.Equal(archive.Id, moved.ParentId);
        Assert.Empty((await client.ListChildrenAsync(docs.Id, ct)).Items);
        Assert.Single((await client.ListChildrenAsync(archive.Id, ct)).Items);

        // 3. Trash: gone from the folder, present in the trash.
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/items/{note.Id}", ct)).StatusCode);
        Assert.Empty((await client.ListChildrenAsync(archive.Id, ct)).Items);
        var trash = await DriveApiClient.ReadAsync<ItemPage>(await client.Api.GetAsync("/api/trash", ct), HttpStatusCode.OK);
        Assert.Contains(trash.Items, item => item.Id == note.Id);

        // 4. Restore: back where it was, content intact.
        var restore = await client.Api.PostAsync($"/api/items/{note.Id}/restore", null, ct);
        Assert.True(restore.IsSuccessStatusCode, $"restore answered {(int)restore.StatusCode}");
        Assert.Single((await client.ListChildrenAsync(archive.Id, ct)).Items);
        var (bytes, _) = await client.DownloadAsync(note.Id, ct);
        Assert.Equal("hello drive", System.Text.Encoding.UTF8.GetString(bytes));

        // 5. Delete for good: gone from the trash and unreachable.
        await client.Api.DeleteAsync($"/api/items/{note.Id}", ct);
        Assert.Equal(HttpStatusCode.NoContent, (await client.Api.DeleteAsync($"/api/trash/{note.Id}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Api.GetAsync($"/api/items/{note.Id}", ct)).StatusCode);
    }

    [Fact]
    public async Task A_file_uploaded_without_a_declared_hash_gets_its_hash_computed_after_completion()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        using var client = drive.CreateClient();
        await client.SignUpAsync(ct);
        var root = await client.GetRootAsync(ct);
        var content = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 7);

        var item = await client.UploadAsync(root.Id, "undeclared.bin", content, ct, declareHash: false);

        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        while (item.Sha256 is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            item = await client.GetItemAsync(item.Id, ct);
        }

        Assert.Equal(expected, item.Sha256);
    }

    private static async Task AssertThumbnailIsSmallJpegAsync(DriveApiClient client, Guid id, CancellationToken ct)
    {
        using var redirect = await client.Api.GetAsync($"/api/items/{id}/thumbnail", ct);
        await DriveApiClient.EnsureStatusAsync(redirect, HttpStatusCode.Redirect);
        var bytes = await client.Storage.GetByteArrayAsync(redirect.Headers.Location, ct);
        Assert.True(bytes is [0xFF, 0xD8, ..], "a thumbnail is a JPEG");
        Assert.InRange(bytes.Length, 1_000, 200_000);
    }
}
