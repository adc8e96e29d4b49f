using System.Net;
using Drive.TestHost;

namespace Drive.Bench;

/// <summary>
/// What the gateway's rate limiter adds to a request: two Drives boot side by side (one replica of each service),
/// one with the limiter on (every request counted in Redis, with budgets too large to refuse anything) and one with
/// <c>Drive:RateLimits:Enabled=false</c>, and one client sends the same requests to each gateway in turn, so that the
/// machine's noise falls on both alike.
/// </summary>
public static class RateLimitBenchmark
{
    private const int WarmUpRounds = 100;
    private const int Rounds = 2_000;

    /// <summary>Boots both Drives and measures a signed-in read and an anonymous request on each.</summary>
    public static async Task RunAsync(CancellationToken ct)
    {
        Report.Section($"Rate limiter: latency added at the gateway, {Rounds:N0} rounds, limiter on vs off");
        var booting = System.Diagnostics.Stopwatch.StartNew();
        var starting = new[]
        {
            DriveHost.StartAsync(TimeSpan.FromMinutes(8), "--Drive:Replicas=1"),
            DriveHost.StartAsync(TimeSpan.FromMinutes(8), "--Drive:Replicas=1", "--Drive:RateLimits:Enabled=false"),
        };
        await using var on = await starting[0];
        await using var off = await starting[1];
        Console.WriteLine($"  (both Drives ready in {booting.Elapsed.TotalSeconds:F0} s)");

        var read = await MeasureAsync(on, off, signedIn: true, ct);
        Print("signed-in read (GET /api/items/{id})", read);
        var anonymous = await MeasureAsync(on, off, signedIn: false, ct);
        Print("anonymous request (401 at the gateway)", anonymous);
        Console.WriteLine(
            "  (added time is a difference of percentiles, not a percentile of differences; the limiter makes one " +
            "Redis script call per request)");
    }

    /// <summary>
    /// Latencies of one request kind through each Drive's gateway replica: a signed-in user's GET of one item, or the
    /// same path without a token, which the gateway refuses itself after counting it (no backend involved).
    /// </summary>
    private static async Task<(Samples On, Samples Off)> MeasureAsync(
        DriveHost on, DriveHost off, bool signedIn, CancellationToken ct)
    {
        var targets = new[] { await TargetAsync(on, signedIn, ct), await TargetAsync(off, signedIn, ct) };
        var samples = new[] { new Samples(), new Samples() };
        var expected = signedIn ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        for (var round = 0; round < WarmUpRounds + Rounds; round++)
        {
            for (var step = 0; step < targets.Length; step++)
            {
                var which = (round + step) % targets.Length;
                var (elapsed, status) = await TimedHttp.GetAsync(targets[which].Http, targets[which].Path, ct);
                if (status != expected)
                {
                    throw new InvalidOperationException($"GET {targets[which].Path} answered {(int)status}.");
                }

                if (round >= WarmUpRounds)
                {
                    samples[which].Add(elapsed);
                }
            }
        }

        foreach (var target in targets)
        {
            target.Http.Dispose();
        }

        return (samples[0], samples[1]);
    }

    private static async Task<(HttpClient Http, string Path)> TargetAsync(
        DriveHost drive, bool signedIn, CancellationToken ct)
    {
        using var client = new DriveApiClient(drive.PublicAddress);
        await client.SignUpAsync(ct);
        var root = await client.GetRootAsync(ct);
        var item = await client.CreateFolderAsync(root.Id, "rate-limit-bench", ct);
        var gateway = drive.EndpointOf("gateway");
        var http = signedIn
            ? TimedHttp.Authorized(gateway, await client.AccessTokenAsync(ct))
            : new HttpClient { BaseAddress = gateway };
        return (http, $"/api/items/{item.Id}");
    }

    private static void Print(string what, (Samples On, Samples Off) measured)
    {
        foreach (var percentile in new[] { 50, 99 })
        {
            var on = measured.On.Percentile(percentile);
            var off = measured.Off.Percentile(percentile);
            Report.Figure($"{what}, p{percentile}", on, "ms", off, "limiter off", "-");
            Report.Figure($"  limiter adds, p{percentile}", on - off, "ms", off, "limiter off", "-");
        }
    }
}
