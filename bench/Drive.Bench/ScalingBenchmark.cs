using Drive.TestHost;

namespace Drive.Bench;

/// <summary>
/// Requests per second of a metadata read mix through the edge with one and with two replicas of each service on the
/// same cores, and the latency the edge and the gateway each add to one cheap read, against a files replica called
/// directly in the same run.
/// </summary>
/// <remarks>
/// Two replicas do not double throughput on a 2-core machine. Every replica, PostgreSQL, Redis, RabbitMQ, Azurite,
/// both proxy layers and this load generator (with the AppHost it hosts) share the same two cores, and the mix keeps
/// them busy with one replica already. A second replica adds no processor; it adds processes that compete for the
/// same cores (more threads to schedule, more context switches, colder caches, one more connection pool each to
/// PostgreSQL), so at best it holds throughput level. Replicas pay off where each gets cores of its own.
/// </remarks>
public static class ScalingBenchmark
{
    private const int FileCount = 200;
    private const int SubfolderCount = 5;
    private const int Clients = 32;
    private const int HopWarmUpRounds = 50;
    private const int HopRounds = 1_500;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    /// <summary>Boots Drive with one replica of each service, then with two, and measures each.</summary>
    public static async Task RunAsync(CancellationToken ct)
    {
        Report.Section($"Scaling: metadata read mix through the edge, {Clients} clients, 1 vs 2 replicas");
        Console.WriteLine(
            $"  same CPU budget: both runs on this machine's {Environment.ProcessorCount} cores; this process and " +
            $"everything it starts may use cores {AllowedCores("self")} (inherited, nothing pinned further)");

        var one = await RunWithReplicasAsync(1, measureHops: false, ct);
        var two = await RunWithReplicasAsync(2, measureHops: true, ct);

        Report.Figure("mix throughput, 2 replicas of each service", two.RequestsPerSecond, "req/s",
            one.RequestsPerSecond, "1 replica of each", "- (2 cores)");
        Report.Figure("mix req/s per core this run used, 2 replicas", two.PerCoreUsed, "req/s",
            one.PerCoreUsed, "1 replica of each", "-");
        Report.Figure("mix latency p50, 2 replicas", two.Latencies.Percentile(50), "ms",
            one.Latencies.Percentile(50), "1 replica", "-");
        Report.Figure("mix latency p99, 2 replicas", two.Latencies.Percentile(99), "ms",
            one.Latencies.Percentile(99), "1 replica", "-");
        Explain(one, two);
    }

    private static async Task<MixResult> RunWithReplicasAsync(int replicas, bool measureHops, CancellationToken ct)
    {
        Console.WriteLine($"  -- {replicas} replica(s) of each service; load average {LoadAverage()}");
        var booting = System.Diagnostics.Stopwatch.StartNew();
        await using var drive = await BenchDrive.StartAsync($"--Drive:Replicas={replicas}");
        Console.WriteLine($"  (Drive ready in {booting.Elapsed.TotalSeconds:F0} s)");
        using var client = new DriveApiClient(drive.PublicAddress);
        await client.SignUpAsync(ct);
        var data = await SeedAsync(client, ct);
        var token = await client.AccessTokenAsync(ct);
        Console.WriteLine($"  files replica may use cores {AllowedCores(drive.ProcessIdOf("files").ToString())}");

        using var edge = TimedHttp.Authorized(drive.PublicAddress, token);
        var mix = await RunMixAsync(edge, data, ct);
        Console.WriteLine(
            $"  {mix.Latencies.Count:N0} requests in {Window.TotalSeconds:F0} s ({mix.Errors} not 200): " +
            $"{mix.RequestsPerSecond:F0} req/s, p50 {mix.Latencies.Percentile(50):F1} ms, " +
            $"p99 {mix.Latencies.Percentile(99):F1} ms; {mix.Cpu}");

        if (measureHops)
        {
            await MeasureHopsAsync(drive, token, data.Items[^1], ct);
        }

        return mix;
    }

    /// <summary>One folder with subfolders and small files; every item's id for the reads.</summary>
    private static async Task<Dataset> SeedAsync(DriveApiClient client, CancellationToken ct)
    {
        var root = await client.GetRootAsync(ct);
        var folder = await client.CreateFolderAsync(root.Id, "scaling", ct);
        var items = new List<Guid>();
        for (var i = 0; i < SubfolderCount; i++)
        {
            items.Add((await client.CreateFolderAsync(folder.Id, $"subfolder-{i}", ct)).Id);
        }

        items.AddRange((await ListingBenchmark.FillAsync(client, folder.Id, FileCount, ct)).Select(item => item.Id));
        return new Dataset(folder.Id, items);
    }

    /// <summary>
    /// <see cref="Clients"/> closed-loop clients, each sending its next request as soon as the last one answered,
    /// for the warm-up and then the measured window; a request counts when it starts and ends inside the window.
    /// </summary>
    private static async Task<MixResult> RunMixAsync(HttpClient http, Dataset data, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Clients)
            .Select(seed => Task.Run(() => RunClientAsync(http, data, seed, clock, ct), ct))
            .ToArray();

        await Task.Delay(WarmUp, ct);
        var cpu = new CpuMeter();
        await Task.Delay(Window, ct);
        var (machineBusy, runCores, ownCores) = cpu.Read();

        var results = await Task.WhenAll(clients);
        var latencies = Samples.Combine(results.Select(result => result.Latencies));
        return new MixResult(
            latencies.Count / Window.TotalSeconds,
            latencies,
            results.Sum(r => r.Errors),
            new CpuShare(machineBusy, runCores, ownCores));
    }

    private static async Task<(Samples Latencies, int Errors)> RunClientAsync(
        HttpClient http, Dataset data, int seed, System.Diagnostics.Stopwatch clock, CancellationToken ct)
    {
        var random = new Random(seed);
        var latencies = new Samples();
        var errors = 0;
        for (var turn = seed; clock.Elapsed < WarmUp + Window; turn++)
        {
            var started = clock.Elapsed;
            var (elapsed, status) = await TimedHttp.GetAsync(http, data.NextRead(turn, random), ct);
            if (started < WarmUp || started + elapsed > WarmUp + Window)
            {
                continue;
            }

            if (status == System.Net.HttpStatusCode.OK)
            {
                latencies.Add(elapsed);
            }
            else
            {
                errors++;
            }
        }

        return (latencies, errors);
    }

    /// <summary>
    /// One client, one cheap GET, sent in turn to a files replica, a gateway replica and the edge, the order rotating
    /// each round so that the machine's noise falls on all three alike.
    /// </summary>
    private static async Task MeasureHopsAsync(DriveHost drive, string token, Guid itemId, CancellationToken ct)
    {
        Console.WriteLine(
            $"  -- hop latency, GET one item, {HopRounds:N0} rounds, one client; load average {LoadAverage()}");
        Uri[] targets = [drive.EndpointOf("files"), drive.EndpointOf("gateway"), drive.PublicAddress];
        var clients = targets.Select(target => TimedHttp.Authorized(target, token)).ToArray();
        var samples = targets.Select(_ => new Samples()).ToArray();
        var path = $"/api/items/{itemId}";

        for (var round = 0; round < HopWarmUpRounds + HopRounds; round++)
        {
            for (var step = 0; step < targets.Length; step++)
            {
                var target = (round + step) % targets.Length;
                var elapsed = await TimedHttp.GetOkAsync(clients[target], path, ct);
                if (round >= HopWarmUpRounds)
                {
                    samples[target].Add(elapsed);
                }
            }
        }

        foreach (var http in clients)
        {
            http.Dispose();
        }

        PrintHops(samples[0], samples[1], samples[2]);
    }

    private static void PrintHops(Samples direct, Samples gateway, Samples edge)
    {
        foreach (var percentile in new[] { 50, 99 })
        {
            var a = direct.Percentile(percentile);
            var b = gateway.Percentile(percentile);
            var c = edge.Percentile(percentile);
            const string Baseline = "files replica direct";
            Report.Figure($"get item via a gateway replica, p{percentile}", b, "ms", a, Baseline, "-");
            Report.Figure($"get item via the edge, p{percentile}", c, "ms", a, Baseline, "-");
            Report.Figure($"gateway hop adds, p{percentile} (gateway - direct)", b - a, "ms", a, Baseline, "-");
            Report.Figure($"edge hop adds, p{percentile} (edge - gateway)", c - b, "ms", a, Baseline, "-");
        }

        Console.WriteLine("  (a hop's added time is a difference of percentiles, not a percentile of differences)");
    }

    private static void Explain(MixResult one, MixResult two)
    {
        Console.WriteLine("  Why two replicas do not double throughput here:");
        Console.WriteLine(
            $"  - this machine has {Environment.ProcessorCount} cores; every replica, PostgreSQL, Redis, RabbitMQ, " +
            "Azurite, the edge, the gateway and the load generator share them;");
        Console.WriteLine(
            $"  - this run used {one.Cpu.RunCores:F2} of them with one replica of each service and " +
            $"{two.Cpu.RunCores:F2} with two; other work on this shared machine took the rest " +
            $"(all cores {one.Cpu.MachineBusy:P0} and {two.Cpu.MachineBusy:P0} busy); more processes and threads " +
            "also win a larger share from that other work, so requests per core used is the fairer comparison;");
        Console.WriteLine(
            "  - a second replica brings no processor, only more processes and threads (each replica also has its " +
            "`dotnet run` launcher) competing for the same cores: more context switches, colder caches, one more " +
            "PostgreSQL pool each;");
        Console.WriteLine(
            "  - replicas pay off where each gets cores of its own. The machine is shared and busy: these figures " +
            "are noisy.");
    }

    /// <summary>The cores a process may run on, from its /proc status (e.g. "0-1").</summary>
    private static string AllowedCores(string processId) =>
        File.ReadLines($"/proc/{processId}/status")
            .FirstOrDefault(line => line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?
            .Split(':')[1].Trim() ?? "unknown";

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>The seeded folder and every item in it.</summary>
    private sealed record Dataset(Guid FolderId, IReadOnlyList<Guid> Items)
    {
        /// <summary>The mix in turn: the folder's first page, one item's metadata, the signed-in user.</summary>
        public string NextRead(int turn, Random random) => (turn % 3) switch
        {
            0 => $"/api/folders/{FolderId}/children?pageSize=100&orderBy=name",
            1 => $"/api/items/{Items[random.Next(Items.Count)]}",
            _ => "/api/me",
        };
    }

    private sealed record MixResult(double RequestsPerSecond, Samples Latencies, int Errors, CpuShare Cpu)
    {
        /// <summary>Throughput per core this run used: fair when neighbours take a varying share.</summary>
        public double PerCoreUsed => RequestsPerSecond / Cpu.RunCores;
    }

    /// <summary>Over the measured window: all cores' busy share, the cores this run and its client used.</summary>
    private sealed record CpuShare(double MachineBusy, double RunCores, double LoadGeneratorCores)
    {
        public override string ToString() =>
            $"this run used {RunCores:F2} of {Environment.ProcessorCount} cores " +
            $"(load generator and AppHost {LoadGeneratorCores:F2}), all cores {MachineBusy:P0} busy";
    }
}
