using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Drive.Tests.EndToEnd;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Drive.Tests.Caching;

/// <summary>
/// The metadata cache against the running Drive (two files replicas behind the edge, one Redis): a change shows on
/// the very next read from either replica, a cached item never answers another user, ETags give 304, and with
/// Redis stopped everything keeps working and nothing stale is served once it is back.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class MetadataCacheTests(DriveAppFixture drive, ITestOutputHelper output)
{
    private const string Redis = "redis";

    [Fact]
    public async Task Rename_move_trash_restore_and_purge_show_on_the_next_read_from_either_replica()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var reads = new BothReplicas(drive.Host);
        var first = await client.CreateFolderAsync(root.Id, "first", ct);
        var second = await client.CreateFolderAsync(root.Id, "second", ct);
        var file = await client.UploadAsync(first.Id, "report.txt", "quarterly"u8.ToArray(), ct);
        var item = $"/api/items/{file.Id}";

        // Warm: both replicas have read the item and both folders' first pages.
        await reads.ReadAsync(client, item, a => Assert.Equal("report.txt", Name(a)), ct);
        await reads.ReadAsync(client, Children(first.Id), a => Assert.Equal(["report.txt"], Names(a)), ct);
        await reads.ReadAsync(client, Children(second.Id), a => Assert.Empty(Names(a)), ct);

        await Ok(client.Api.PatchAsJsonAsync(item, new { name = "renamed.txt" }, ct));
        await reads.ReadAsync(client, item, a => Assert.Equal("renamed.txt", Name(a)), ct);
        await reads.ReadAsync(client, Children(first.Id), a => Assert.Equal(["renamed.txt"], Names(a)), ct);

        await Ok(client.Api.PatchAsJsonAsync(item, new { parentId = second.Id }, ct));
        await reads.ReadAsync(client, item, a => Assert.Equal(second.Id.ToString(), Field(a, "parentId")), ct);
        await reads.ReadAsync(client, Children(first.Id), a => Assert.Empty(Names(a)), ct);
        await reads.ReadAsync(client, Children(second.Id), a => Assert.Equal(["renamed.txt"], Names(a)), ct);

        await Ok(client.Api.DeleteAsync(item, ct));
        await reads.ReadAsync(client, item, a => Assert.NotNull(Field(a, "trashedAt")), ct);
        await reads.ReadAsync(client, Children(second.Id), a => Assert.Empty(Names(a)), ct);

        await Ok(client.Api.PostAsync($"{item}/restore", null, ct));
        await reads.ReadAsync(client, item, a => Assert.Null(Field(a, "trashedAt")), ct);
        await reads.ReadAsync(client, Children(second.Id), a => Assert.Equal(["renamed.txt"], Names(a)), ct);

        // A trashed folder's cached first page goes with it.
        await Ok(client.Api.DeleteAsync($"/api/items/{second.Id}", ct));
        await reads.ReadAsync(client, Children(second.Id), a => Assert.Equal(HttpStatusCode.NotFound, a.Status), ct);
        await Ok(client.Api.DeleteAsync($"/api/trash/{second.Id}", ct));
        await reads.ReadAsync(client, item, a => Assert.Equal(HttpStatusCode.NotFound, a.Status), ct);
        await reads.ReadAsync(client, $"/api/items/{second.Id}", a => Assert.Equal(HttpStatusCode.NotFound, a.Status), ct);
        await reads.ReadAsync(client, "/api/usage", a => Assert.Equal(0, a.Body!.Value.GetProperty("usedBytes").GetInt64()), ct);
    }

    [Fact]
    public async Task Another_user_gets_404_for_an_item_and_a_folder_the_owner_has_cached()
    {
        var (owner, root, ct) = await drive.SignedInAsync();
        var (stranger, _, _) = await drive.SignedInAsync();
        var reads = new BothReplicas(drive.Host);
        var folder = await owner.CreateFolderAsync(root.Id, "private", ct);
        var file = await owner.UploadAsync(folder.Id, "secret.txt", "mine"u8.ToArray(), ct);

        await reads.ReadAsync(owner, $"/api/items/{file.Id}", a => Assert.Equal("secret.txt", Name(a)), ct);
        await reads.ReadAsync(owner, Children(folder.Id), a => Assert.Equal(["secret.txt"], Names(a)), ct);

        await reads.ReadAsync(stranger, $"/api/items/{file.Id}", a => Assert.Equal(HttpStatusCode.NotFound, a.Status), ct);
        await reads.ReadAsync(stranger, Children(folder.Id), a => Assert.Equal(HttpStatusCode.NotFound, a.Status), ct);
        await reads.ReadAsync(stranger, "/api/usage", a => Assert.Equal(0, a.Body!.Value.GetProperty("usedBytes").GetInt64()), ct);
    }

    [Fact]
    public async Task ETag_with_If_None_Match_answers_304_until_the_item_or_a_child_changes()
    {
        // Folders only: a file's thumbnail and hash results change it on their own, a moment after its upload.
        var (client, root, ct) = await drive.SignedInAsync();
        var reads = new BothReplicas(drive.Host);
        var folder = await client.CreateFolderAsync(root.Id, "tagged", ct);
        var child = await client.CreateFolderAsync(folder.Id, "a", ct);
        var item = $"/api/items/{child.Id}";

        var itemTag = await SameTagAsync(reads, client, item, ct);
        var pageTag = await SameTagAsync(reads, client, Children(folder.Id), ct);
        var folderTag = await SameTagAsync(reads, client, $"/api/items/{folder.Id}", ct);
        await reads.ReadAsync(client, item, a => AssertNotModified(a, itemTag), ct, itemTag);
        await reads.ReadAsync(client, Children(folder.Id), a => AssertNotModified(a, pageTag), ct, pageTag);

        // Renaming the child changes its tag and its folder's page tag, not the folder's own tag.
        await Ok(client.Api.PatchAsJsonAsync(item, new { name = "b" }, ct));
        var renamed = await reads.ReadAsync(client, item, a =>
        {
            Assert.Equal("b", Name(a));
            Assert.NotEqual(itemTag, a.ETag);
        }, ct, itemTag);
        await reads.ReadAsync(client, Children(folder.Id), a =>
        {
            Assert.Equal(["b"], Names(a));
            Assert.NotEqual(pageTag, a.ETag);
        }, ct, pageTag);
        await reads.ReadAsync(client, $"/api/items/{folder.Id}", a => AssertNotModified(a, folderTag), ct, folderTag);
        await reads.ReadAsync(client, item, a => AssertNotModified(a, renamed[0].ETag!), ct, renamed[0].ETag);
    }

    /// <summary>Reads from both replicas; each must give 200 and the same ETag, which is returned.</summary>
    private async Task<string> SameTagAsync(BothReplicas reads, DriveApiClient client, string path, CancellationToken ct)
    {
        var answers = await reads.ReadAsync(client, path, a => Assert.Equal(HttpStatusCode.OK, a.Status), ct);
        var tags = answers.Select(a => a.ETag).Distinct().ToList();
        output.WriteLine($"{path}: {string.Join(", ", tags)}");
        return Assert.Single(tags)!;
    }

    [Fact]
    public async Task With_Redis_stopped_reads_and_writes_work_health_says_degraded_and_nothing_stale_follows()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        var reads = new BothReplicas(drive.Host);
        var folder = await client.CreateFolderAsync(root.Id, "outage", ct);
        var file = await client.UploadAsync(folder.Id, "before.txt", "x"u8.ToArray(), ct);
        var item = $"/api/items/{file.Id}";
        await reads.ReadAsync(client, item, a => Assert.Equal("before.txt", Name(a)), ct);
        await reads.ReadAsync(client, Children(folder.Id), a => Assert.Single(Names(a)), ct);
        await AssertCacheHealthAsync(HealthStatus.Healthy, ct);

        try
        {
            // 1. Redis stops: every replica stays ready and says its cache is degraded.
            await drive.Host.StopAsync(Redis, ct);
            await AssertCacheHealthAsync(HealthStatus.Degraded, ct);

            // 2. Reads, writes and listings go on against PostgreSQL, each quickly.
            var clock = Stopwatch.StartNew();
            await Timed(() => Ok(client.Api.PatchAsJsonAsync(item, new { name = "during.txt" }, ct)));
            var added = await Timed(() => client.UploadAsync(folder.Id, "added.txt", "y"u8.ToArray(), ct));
            await Timed(() => client.CreateFolderAsync(folder.Id, "made-during", ct));
            await reads.ReadAsync(client, item, a => Assert.Equal("during.txt", Name(a)), ct);
            await reads.ReadAsync(client, Children(folder.Id), a =>
                Assert.Equal(["made-during", "added.txt", "during.txt"], Names(a)), ct);
            await reads.ReadAsync(client, "/api/usage", a => Assert.Equal(2, a.Body!.Value.GetProperty("usedBytes").GetInt64()), ct);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms for three writes and the reads with Redis stopped");
            await Ok(client.Api.DeleteAsync($"/api/items/{added.Id}", ct));

            // 3. Redis is back (with its data from before the outage): no entry from before is served.
            await drive.Host.RestartAsync(Redis, ct);
            await reads.ReadAsync(client, item, a => Assert.Equal("during.txt", Name(a)), ct);
            await reads.ReadAsync(client, Children(folder.Id), a => Assert.Equal(["made-during", "during.txt"], Names(a)), ct);
            await AssertCacheHealthAsync(HealthStatus.Healthy, ct);
            await reads.ReadAsync(client, item, a => Assert.Equal("during.txt", Name(a)), ct);
            await reads.ReadAsync(client, Children(folder.Id), a => Assert.Equal(["made-during", "during.txt"], Names(a)), ct);

            // 4. And the cache follows changes again.
            await Ok(client.Api.PatchAsJsonAsync(item, new { name = "after.txt" }, ct));
            await reads.ReadAsync(client, item, a => Assert.Equal("after.txt", Name(a)), ct);
        }
        finally
        {
            await RestoreRedisAsync();
        }
    }

    /// <summary>
    /// Polls each files replica's <c>/health</c> (up to 20 s) until its cache check has <paramref name="expected"/>;
    /// the replica must answer 200 and stay ready throughout.
    /// </summary>
    private async Task AssertCacheHealthAsync(HealthStatus expected, CancellationToken ct)
    {
        foreach (var replica in new[] { "files", "files-2" })
        {
            using var http = new HttpClient { BaseAddress = drive.Host.EndpointOf(replica) };
            var deadline = Stopwatch.StartNew();
            string? seen = null;
            while (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                using var health = await http.GetAsync("/health", ct);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                using var ready = await http.GetAsync("/ready", ct);
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                var cache = (await health.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("checks").GetProperty("cache");
                seen = $"{cache.GetProperty("status").GetString()}: {cache.GetProperty("description").GetString()}";
                if (cache.GetProperty("status").GetString() == expected.ToString())
                {
                    output.WriteLine($"{replica} cache {seen}");
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }

            Assert.StartsWith(expected.ToString(), seen);
        }

        using var edge = new HttpClient { BaseAddress = drive.PublicAddress };
        Assert.Equal(HttpStatusCode.OK, (await edge.GetAsync("/health", ct)).StatusCode);
    }

    /// <summary>Leaves Redis running for the other tests, whatever happened to this one.</summary>
    private async Task RestoreRedisAsync()
    {
        using var restore = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (drive.Host.App.ResourceNotifications.TryGetCurrentState(Redis, out var state)
            && state.Snapshot.State?.Text is "Running" or "Starting")
        {
            await drive.Host.App.ResourceNotifications.WaitForResourceHealthyAsync(Redis, restore.Token);
            return;
        }

        await drive.Host.RestartAsync(Redis, restore.Token);
    }

    /// <summary>A write or read made while Redis is down must not wait for it: 3 s at most, on a loaded machine.</summary>
    private static async Task<T> Timed<T>(Func<Task<T>> operation)
    {
        var clock = Stopwatch.StartNew();
        var result = await operation();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.ElapsedMilliseconds} ms with Redis stopped");
        return result;
    }

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode,
            $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static void AssertNotModified(BothReplicas.Answer answer, string etag)
    {
        Assert.True(answer.Status == HttpStatusCode.NotModified,
            $"{answer.Status} from {answer.Replica} for If-None-Match {etag}: ETag {answer.ETag}, body {answer.Body}");
        Assert.Equal(etag, answer.ETag);
        Assert.Null(answer.Body);
    }

    private static string Children(Guid folderId) => $"/api/folders/{folderId}/children";

    private static string? Name(BothReplicas.Answer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return Field(answer, "name");
    }

    private static string? Field(BothReplicas.Answer answer, string name)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var value = answer.Body!.Value.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? null : value.ToString();
    }

    private static string[] Names(BothReplicas.Answer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return [.. answer.Body!.Value.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];
    }
}
