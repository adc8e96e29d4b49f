using System.Collections.Concurrent;
using System.Diagnostics;
using Drive.TestHost;

namespace Drive.Bench;

/// <summary>
/// Photographs uploaded back to back, a few at a time, so that they queue for the thumbnail workers; then every
/// thumbnail awaited. Figures: thumbnails a second and per core the workers used, the workers' peak memory, and each
/// upload's time from its complete response to its thumbnail "ready", each against the bare library in this run.
/// </summary>
public static class ThumbnailQueueBenchmark
{
    private const string Service = "thumbnails";
    private const int Uploaders = 4;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// 1. The workers idle: their resident memory, then their peaks reset and their processor time read.
    /// 2. Every photo uploaded, <see cref="Uploaders"/> at a time, noting when each complete answered.
    /// 3. The folder listed every half second until every thumbnail is ready (bounded by <see cref="ReadyTimeout"/>).
    /// 4. The workers' processor time and peaks again, and the ready times the files database recorded.
    /// 5. The figures.
    /// </summary>
    public static async Task RunAsync(DriveHost drive, DriveApiClient client, Guid parentId,
        IReadOnlyList<FileInfo> photos, BareRun oneCore, BareRun allCores, CancellationToken ct)
    {
        // 1. Idle workers.
        var workers = MeasuredProcess.ReplicasOf(drive, Service);
        Report.Section($"{photos.Count} photographs uploaded back to back ({Uploaders} at a time) and queued for " +
            $"{workers.Count} thumbnail workers ({string.Join(", ", workers.Select(w => w.Name))})");
        var idle = workers.Select(w => w.ResidentMegabytes()).ToList();
        var peaksReset = workers.All(w => w.TryResetPeak());
        var cpuBefore = CpuTime(workers);
        var machine = new CpuMeter();

        // 2. Uploads.
        var folder = await client.CreateFolderAsync(parentId, "queued", ct);
        var uploading = Stopwatch.StartNew();
        var completions = await UploadAllAsync(client, folder.Id, photos, ct);
        var uploadSeconds = uploading.Elapsed.TotalSeconds;

        // 3. Every thumbnail ready.
        await WaitUntilAllReadyAsync(client, folder.Id, photos.Count, ct);

        // 4. Processor time, peaks, recorded times.
        var workerCpuSeconds = (CpuTime(workers) - cpuBefore).TotalSeconds;
        var (machineBusy, runCores, _) = machine.Read();
        var peaks = workers.Select(w => w.PeakResidentMegabytes()).ToList();
        var recorded = await RecordedThumbnailTimes.ReadAsync(
            await drive.GetConnectionStringAsync("filesdb", ct), completions.Select(c => c.ItemId).ToList(), ct);

        // 5. Figures.
        var window = (recorded.Values.Max(t => t.ReadyAt) - completions.Min(c => c.CompletedAt)).TotalSeconds;
        Console.WriteLine(
            $"uploads: {photos.Count} completed in {uploadSeconds:F1} s ({photos.Count / uploadSeconds:F1}/s); first " +
            $"complete to last ready {window:F1} s; the machine's cores {machineBusy:P0} busy, this run's processes " +
            $"{runCores:F2} cores, the workers {workerCpuSeconds / window:F2} cores");
        PrintThroughput(photos.Count, window, workerCpuSeconds, oneCore, allCores);
        PrintMemory(workers, idle, peaks, peaksReset, allCores);
        PrintLatency(completions, recorded, oneCore, workers.Count);
    }

    private static void PrintThroughput(
        int count, double windowSeconds, double workerCpuSeconds, BareRun oneCore, BareRun allCores)
    {
        var cores = Environment.ProcessorCount;
        Report.Figure("thumbnails a second, all queued", count / windowSeconds, "/s",
            allCores.PhotosPerSecond, $"bare, {cores} threads", "-");
        Report.Figure("cores the thumbnail workers used", workerCpuSeconds / windowSeconds, "cores",
            cores, "cores of the machine", "-");
        Report.Figure("thumbnails a second per core used", count / workerCpuSeconds, "/s",
            oneCore.PhotosPerCoreSecond, "bare, 1 thread", "-");
    }

    /// <summary>
    /// The highest worker peak against the bare library's peak with as many threads as cores: a worker handles one
    /// message per core at once (Messaging:Concurrency), so that is the library's own share of a worker's memory,
    /// and the ratio is what the service around it adds. The worker's idle memory is printed beside it.
    /// </summary>
    private static void PrintMemory(IReadOnlyList<MeasuredProcess> workers, IReadOnlyList<double> idle,
        IReadOnlyList<double> peaks, bool peaksReset, BareRun allCores)
    {
        var highest = Enumerable.Range(0, workers.Count).MaxBy(i => peaks[i]);
        Console.WriteLine(string.Join("; ", workers.Select((w, i) =>
            $"{w.Name}: resident {idle[i]:F0} MB before, peak {peaks[i]:F0} MB")) +
            (peaksReset ? " (peaks since just before the uploads)" : " (peaks since start: the reset was refused)"));
        Report.Figure("worker peak resident memory (highest worker)", peaks[highest], "MB",
            allCores.PeakMegabytes, $"bare peak, {Environment.ProcessorCount} threads", "< 300 MB");
        Report.Figure("worker peak resident memory (same worker)", peaks[highest], "MB",
            idle[highest], "its resident before", "-");
    }

    private static void PrintLatency(IReadOnlyList<Completion> completions,
        IReadOnlyDictionary<Guid, ThumbnailTimes> recorded, BareRun oneCore, int servers)
    {
        var toReady = new Samples();
        var toPublished = new Samples();
        foreach (var completion in completions)
        {
            var times = recorded[completion.ItemId];
            toReady.Add(times.ReadyAt - completion.CompletedAt);
            toPublished.Add(times.PublishedAt - completion.CompletedAt);
        }

        var bare = oneCore.Samples();
        var ideal = IdealQueue(completions, oneCore, servers);
        Report.Figure("complete -> ready p50, queued", toReady.Percentile(50), "ms",
            bare.Percentile(50), "bare p50", "-");
        Report.Figure("complete -> ready p99, queued", toReady.Percentile(99), "ms",
            bare.Percentile(99), "bare p99", "-");
        Report.Figure("complete -> ready p50, queued", toReady.Percentile(50), "ms",
            ideal.Percentile(50), $"ideal queue p50, {servers} servers", "-");
        Report.Figure("complete -> ready p99, queued", toReady.Percentile(99), "ms",
            ideal.Percentile(99), $"ideal queue p99, {servers} servers", "-");
        Console.WriteLine($"of which complete -> upload event published: p50 {toPublished.Percentile(50):F0} ms, " +
            $"p99 {toPublished.Percentile(99):F0} ms");
    }

    /// <summary>
    /// What a perfect queue would give: the photos arrive when their complete answered, in that order, and each goes
    /// to the first of <paramref name="servers"/> servers to be free, where it takes its bare one-thread time; nothing
    /// else costs anything. Each photo's wait plus work.
    /// </summary>
    private static Samples IdealQueue(IReadOnlyList<Completion> completions, BareRun oneCore, int servers)
    {
        var start = completions.Min(c => c.CompletedAt);
        var freeAt = new double[servers];
        var samples = new Samples();
        foreach (var completion in completions.OrderBy(c => c.CompletedAt))
        {
            var arrival = (completion.CompletedAt - start).TotalMilliseconds;
            var server = Array.IndexOf(freeAt, freeAt.Min());
            freeAt[server] = Math.Max(freeAt[server], arrival) + oneCore.Milliseconds[completion.Index];
            samples.Add(TimeSpan.FromMilliseconds(freeAt[server] - arrival));
        }

        return samples;
    }

    private static async Task<IReadOnlyList<Completion>> UploadAllAsync(
        DriveApiClient client, Guid folderId, IReadOnlyList<FileInfo> photos, CancellationToken ct)
    {
        var completions = new ConcurrentBag<Completion>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, photos.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Uploaders, CancellationToken = ct },
            async (i, token) =>
            {
                var content = await File.ReadAllBytesAsync(photos[i].FullName, token);
                var item = await client.UploadAsync(folderId, $"{i + 1:D3}-{photos[i].Name}", content, token);
                completions.Add(new Completion(i, item.Id, DateTimeOffset.UtcNow));
            });
        return completions.OrderBy(c => c.CompletedAt).ToList();
    }

    /// <summary>
    /// Lists the folder until every thumbnail is ready. Fails at once when one ends otherwise (the figures would
    /// mislead), and after <see cref="ReadyTimeout"/> with the counts.
    /// </summary>
    private static async Task WaitUntilAllReadyAsync(
        DriveApiClient client, Guid folderId, int count, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var items = (await client.ListChildrenAsync(folderId, ct, $"?pageSize={count}")).Items;
            var pending = items.Count(i => i.Thumbnail?.State == "pending");
            var ended = items.Where(i => i.Thumbnail?.State is not ("pending" or "ready"))
                .Select(i => $"{i.Name} ({i.Thumbnail?.State ?? "no thumbnail"})")
                .ToList();
            if (ended.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{ended.Count} of {count} thumbnails ended other than ready: {string.Join(", ", ended.Take(5))}.");
            }

            if (pending == 0 && items.Count == count)
            {
                return;
            }

            if (waited.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException(
                    $"{pending} of {count} thumbnails were still pending after {ReadyTimeout.TotalMinutes:0} minutes " +
                    "of waiting; the thumbnail workers are stuck or far too slow. Look at the thumbnails " +
                    "replicas' logs.");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static TimeSpan CpuTime(IEnumerable<MeasuredProcess> workers) =>
        workers.Aggregate(TimeSpan.Zero, (sum, worker) => sum + worker.CpuTime());

    /// <summary>One upload: its place in the photo list, its item and when its complete answered.</summary>
    private sealed record Completion(int Index, Guid ItemId, DateTimeOffset CompletedAt);
}
