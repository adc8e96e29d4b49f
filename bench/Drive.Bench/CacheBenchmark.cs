using System.Diagnostics;
using Drive.TestHost;

namespace Drive.Bench;

/// <summary>
/// Metadata reads with the cache warm against the same reads with the cache off, in one run: two Drives run side by
/// side (one with <c>Drive:Cache:Enabled=false</c>), each seeded alike, and the measurement windows alternate
/// between them so that the shared machine's noise falls on both alike. Each Drive runs one replica of each service,
/// so that two of them fit on the machine at once.
/// </summary>
public static class CacheBenchmark
{
    private const int FileCount = 200;
    private const int Clients = 16;
    private const int Rounds = 4;
    private const int DirectRounds = 1_000;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    /// <summary>Boots both Drives, seeds them, warms the cache and measures.</summary>
    public static async Task RunAsync(CancellationToken ct)
    {
        Report.Section($"Metadata cache: reads through the edge, {Clients} clients, cache warm vs cache off (1 replica each)");
        var booting = Stopwatch.StartNew();
        await using var cached = await DriveHost.StartAsync(TimeSpan.FromMinutes(10), "--Drive:Replicas=1");
        await using var uncached = await DriveHost.StartAsync(
            TimeSpan.FromMinutes(10), "--Drive:Replicas=1", "--Drive:Cache:Enabled=false");
        Console.WriteLine($"  (both Drives ready in {booting.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()})");

        var warm = await SeedAsync(cached, ct);
        var off = await SeedAsync(uncached, ct);
        foreach (var path in warm.Paths)
        {
            await TimedHttp.GetOkAsync(warm.Http, path, ct);
        }

        var results = await AlternateAsync(warm, off, ct);
        Report.Figure("metadata reads/s, cache warm", results.Warm.PerSecond, "req/s",
            results.Off.PerSecond, "cache off", "-");
        Report.Figure("metadata read p50, cache warm", results.Warm.Latencies.Percentile(50), "ms",
            results.Off.Latencies.Percentile(50), "cache off", "-");
        Report.Figure("metadata read p99, cache warm", results.Warm.Latencies.Percentile(99), "ms",
            results.Off.Latencies.Percentile(99), "cache off", "-");
        Console.WriteLine($"  ({results.Warm.Latencies.Count:N0} and {results.Off.Latencies.Count:N0} reads, "
            + $"{results.Warm.Errors + results.Off.Errors} not 200; load average {LoadAverage()})");

        await MeasureDirectAsync(cached, warm, uncached, off, ct);
        warm.Http.Dispose();
        off.Http.Dispose();
    }

    /// <summary>A user with a folder of small files; the reads: 9 of 10 one item, 1 of 10 the folder's first page.</summary>
    private static async Task<Target> SeedAsync(DriveHost drive, CancellationToken ct)
    {
        using var client = new DriveApiClient(drive.PublicAddress);
        await client.SignUpAsync(ct);
        var root = await client.GetRootAsync(ct);
        var folder = await client.CreateFolderAsync(root.Id, "cache-bench", ct);
        var files = await ListingBenchmark.FillAsync(client, folder.Id, FileCount, ct);
        var token = await client.AccessTokenAsync(ct);
        string[] paths = [.. files.Select(f => $"/api/items/{f.Id}"), $"/api/folders/{folder.Id}/children?pageSize=100"];
        return new Target(TimedHttp.Authorized(drive.PublicAddress, token), token, paths);
    }

    /// <summary>Warm-up on each, then <see cref="Rounds"/> rounds of one window on each, the order swapped each round.</summary>
    private static async Task<(Tally Warm, Tally Off)> AlternateAsync(Target warm, Target off, CancellationToken ct)
    {
        await LoadAsync(warm, WarmUp, ct);
        await LoadAsync(off, WarmUp, ct);
        var (warmTally, offTally) = (new Tally(), new Tally());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (target, tally) in round % 2 == 0
                ? new[] { (warm, warmTally), (off, offTally) }
                : [(off, offTally), (warm, warmTally)])
            {
                tally.Add(await LoadAsync(target, Window, ct), Window);
            }
        }

        return (warmTally, offTally);
    }

    /// <summary><see cref="Clients"/> closed-loop clients for <paramref name="window"/>; reads that ended inside it count.</summary>
    private static async Task<Tally> LoadAsync(Target target, TimeSpan window, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients).Select(seed => Task.Run(async () =>
        {
            var random = new Random(seed);
            var tally = new Tally();
            for (var turn = 0; clock.Elapsed < window; turn++)
            {
                var path = turn % 10 == 9 ? target.Paths[^1] : target.Paths[random.Next(target.Paths.Length - 1)];
                var (elapsed, status) = await TimedHttp.GetAsync(target.Http, path, ct);
                if (clock.Elapsed <= window)
                {
                    tally.Record(elapsed, status == System.Net.HttpStatusCode.OK);
                }
            }

            return tally;
        }, ct));
        var result = new Tally();
        foreach (var tally in await Task.WhenAll(clients))
        {
            result.Merge(tally);
        }

        return result;
    }

    /// <summary>One client GETs one item from a files replica directly, alternating between the two Drives.</summary>
    private static async Task MeasureDirectAsync(
        DriveHost cached, Target warm, DriveHost uncached, Target off, CancellationToken ct)
    {
        using var warmDirect = TimedHttp.Authorized(cached.EndpointOf("files"), warm.Token);
        using var offDirect = TimedHttp.Authorized(uncached.EndpointOf("files"), off.Token);
        var (warmSamples, offSamples) = (new Samples(), new Samples());
        for (var round = 0; round < DirectRounds + 50; round++)
        {
            var index = round % (warm.Paths.Length - 1);
            var a = await TimedHttp.GetOkAsync(warmDirect, warm.Paths[index], ct);
            var b = await TimedHttp.GetOkAsync(offDirect, off.Paths[index], ct);
            if (round >= 50)
            {
                warmSamples.Add(a);
                offSamples.Add(b);
            }
        }

        Report.Figure("get item at a files replica, p50, cache warm", warmSamples.Percentile(50), "ms",
            offSamples.Percentile(50), "cache off", "-");
        Report.Figure("get item at a files replica, p99, cache warm", warmSamples.Percentile(99), "ms",
            offSamples.Percentile(99), "cache off", "-");
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record Target(HttpClient Http, string Token, string[] Paths);

    /// <summary>Latencies of successful reads, failures, and the measured time they came from.</summary>
    private sealed class Tally
    {
        public Samples Latencies { get; private set; } = new();

        public int Errors { get; private set; }

        private TimeSpan _measured;

        public double PerSecond => Latencies.Count / _measured.TotalSeconds;

        public void Record(TimeSpan elapsed, bool ok)
        {
            if (ok)
            {
                Latencies.Add(elapsed);
            }
            else
            {
                Errors++;
            }
        }

        public void Merge(Tally other)
        {
            Latencies = Samples.Combine([Latencies, other.Latencies]);
            Errors += other.Errors;
        }

        public void Add(Tally window, TimeSpan duration)
        {
            Merge(window);
            _measured += duration;
        }
    }
}
