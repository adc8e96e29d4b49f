using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Drive.ServiceDefaults;
using Drive.TestHost;
using Drive.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Drive.Tests.Scaling;

/// <summary>
/// Two replicas of every service behind the edge, twenty users working for a minute, and replicas killed under
/// them: the users must not notice beyond clear, retryable errors on writes, and nothing acknowledged may be lost.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class ReplicaFailureTests(DriveAppFixture drive, ITestOutputHelper output)
{
    private const int Clients = 20;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_and_stopping_replicas_under_load_loses_nothing_and_fails_no_read()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = deadline.Token;
        var host = drive.Host;
        var tally = new LoadTally();
        var users = await SignUpAsync(ct);

        // 1. Twenty clients for a minute; meanwhile SIGKILL a files and a gateway replica, later SIGTERM an auth
        //    replica, and start all three again while the load goes on.
        using var loadEnds = new CancellationTokenSource(LoadTime);
        var clock = Stopwatch.StartNew();
        var load = users.Select((user, number) =>
            Task.Run(() => new LoadClient(number, user.Client, user.Root, tally).RunAsync(loadEnds.Token), ct)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        ReplicaSignal.Send(host, "files-2", "Drive.Files", "KILL", output);
        ReplicaSignal.Send(host, "gateway-2", "Drive.Gateway", "KILL", output);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: SIGKILL files-2 and gateway-2 ({tally.Summary()})");

        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        ReplicaSignal.Send(host, "auth-2", "Drive.Auth", "TERM", output);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: SIGTERM auth-2");

        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        await Task.WhenAll(
            host.RestartAsync("files-2", ct), host.RestartAsync("gateway-2", ct), host.RestartAsync("auth-2", ct));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: files-2, gateway-2 and auth-2 healthy again");

        await Task.WhenAll(load);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: load over: {tally.Summary()}");
        foreach (var failure in tally.FailedReads.Concat(tally.UnclearlyFailedWrites).Take(10))
        {
            output.WriteLine($"  {failure}");
        }

        // 2. No read failed; every failed write said so clearly; the load really ran.
        Assert.Empty(tally.FailedReads);
        Assert.Empty(tally.UnclearlyFailedWrites);
        Assert.True(tally.Count("list") > 100 && tally.Count("me") > 10 && tally.Count("upload") > 50 && tally.Count("upload in parts") > 5
            && tally.Count("download") > 20, tally.Summary());

        // 3. Every acknowledged upload is there with its bytes, and nothing else is: no half-created item.
        for (var number = 0; number < users.Count; number++)
        {
            var acknowledged = tally.Acknowledged.GetValueOrDefault(number)?.ToList() ?? [];
            await AssertFolderHoldsExactlyAsync(users[number], acknowledged, ct);
        }

        // 4. The restarted replicas take traffic again.
        await AssertAnsweredByAsync(host, users[0], "files-2", "Drive.Files", ct);
        await AssertAnsweredByAsync(host, users[0], "gateway-2", "Drive.Gateway", ct);
        await AssertAnsweredByAsync(host, users[0], "auth-2", "Drive.Auth", ct);
    }

    private async Task<List<(DriveApiClient Client, Item Root, string Email)>> SignUpAsync(CancellationToken ct)
    {
        var users = new (DriveApiClient, Item, string)[Clients];
        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (number, _) =>
            {
                var client = drive.CreateClient();
                var email = await client.SignUpAsync(ct);
                users[number] = (client, await client.GetRootAsync(ct), email);
            });
        return [.. users];
    }

    private static async Task AssertFolderHoldsExactlyAsync(
        (DriveApiClient Client, Item Root, string Email) user, List<AcknowledgedUpload> acknowledged,
        CancellationToken ct)
    {
        var items = new List<Item>();
        var query = "?pageSize=100";
        while (true)
        {
            var page = await user.Client.ListChildrenAsync(user.Root.Id, ct, query);
            items.AddRange(page.Items);
            if (page.NextPageToken is null)
            {
                break;
            }

            query = $"?pageSize=100&pageToken={Uri.EscapeDataString(page.NextPageToken)}";
        }

        Assert.Equal(
            acknowledged.Select(a => a.ItemId).Order(), items.Select(i => i.Id).Order());
        foreach (var upload in acknowledged)
        {
            var (bytes, response) = await user.Client.DownloadAsync(upload.ItemId, ct);
            response.Dispose();
            Assert.Equal(upload.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    /// <summary>Sends requests through the edge until one carries the restarted replica's process in X-Served-By.</summary>
    private static async Task AssertAnsweredByAsync(
        DriveHost host, (DriveApiClient Client, Item Root, string Email) user, string resource, string application,
        CancellationToken ct)
    {
        var hop = $"{application}/{host.ProcessIdOf(resource)}";
        using var http = new HttpClient { BaseAddress = host.PublicAddress };
        var seen = new HashSet<string>();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var response = application == "Drive.Auth"
                ? await http.PostAsJsonAsync(
                    "/api/auth/login", new { email = user.Email, password = "correct horse battery" }, ct)
                : await SendListAsync(http, user, ct);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} from {resource}'s path");
            if (response.Headers.TryGetValues(HostingExtensions.ServedByHeader, out var hops))
            {
                seen.UnionWith(hops.SelectMany(h => h.Split(',', StringSplitOptions.TrimEntries)));
                if (seen.Contains(hop))
                {
                    return;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }

        Assert.Fail($"{resource} ({hop}) answered none of 60 requests; seen: {string.Join(", ", seen)}");
    }

    private static async Task<HttpResponseMessage> SendListAsync(
        HttpClient http, (DriveApiClient Client, Item Root, string Email) user, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/folders/{user.Root.Id}/children");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await user.Client.AccessTokenAsync(ct));
        return await http.SendAsync(request, ct);
    }
}
