using System.Diagnostics;
using Drive.TestHost;
using Drive.Thumbnails;
using Drive.Thumbnails.Imaging;
using Microsoft.Extensions.Options;
using NetVips;

namespace Drive.Bench;

/// <summary>
/// Corpus photographs through the thumbnail worker, against the bare decode-and-resize of the same photos by the same
/// library in this run (<see cref="BareLibrary"/>): first the worker's own code in this process and uploads one at a
/// time, then <see cref="QueuedCount"/> uploads queued at once (<see cref="ThumbnailQueueBenchmark"/>).
/// </summary>
public static class ThumbnailBenchmark
{
    /// <summary>Uploads queued at once; the corpus photos are repeated under new names to reach it.</summary>
    public const int QueuedCount = 200;

    private const int OneAtATimeCount = 40;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// 1. The bare library over the queued photos in a child process, on one thread and on every core.
    /// 2. The worker's code in this process, and uploads one at a time, each awaited until its thumbnail is ready.
    /// 3. The queued uploads.
    /// </summary>
    public static async Task RunAsync(
        DriveHost drive, DriveApiClient client, Guid parentId, string corpus, CancellationToken ct)
    {
        // 1. Baselines.
        var unique = new DirectoryInfo(Path.Combine(corpus, "photos")).GetFiles("*.jpg");
        var queued = QueuedPhotos(unique);
        var sizes = new ThumbnailOptions();
        Report.Section($"Bare libvips: {queued.Count} decodes to the {sizes.PreviewSize} px preview and the " +
            $"{sizes.Height} px thumbnail ({unique.Length} corpus photos, some twice), in a process of its own");
        var paths = queued.Select(photo => photo.FullName).ToList();
        var oneCore = await BareLibrary.RunAsync(paths, 1, ct);
        var allCores = await BareLibrary.RunAsync(paths, Environment.ProcessorCount, ct);
        foreach (var (run, threads) in new[] { (oneCore, 1), (allCores, Environment.ProcessorCount) })
        {
            Console.WriteLine(
                $"{threads} thread(s): {run.PhotosPerSecond:F1} photos/s, " +
                $"{run.CpuSeconds / run.WallSeconds:F2} cores, " +
                $"{run.PhotosPerCoreSecond:F1} photos/s per core, p50 {run.Samples().Percentile(50):F0} ms, " +
                $"p99 {run.Samples().Percentile(99):F0} ms, resident {run.ResidentBeforeMegabytes:F0} MB before, " +
                $"{run.PeakMegabytes:F0} MB at peak");
        }

        // The first time of each photo on one thread, for the parts that use each photo once.
        var bare = paths.Select((path, i) => (path, i)).GroupBy(p => p.path)
            .ToDictionary(g => g.Key, g => oneCore.Milliseconds[g.First().i]);

        // 2 and 3.
        await OneAtATimeAsync(client, parentId, unique, bare, ct);
        await ThumbnailQueueBenchmark.RunAsync(drive, client, parentId, queued, oneCore, allCores, ct);
    }

    /// <summary>
    /// Every corpus photo once, in an order fixed by a seed (the corpus names group the sizes of one wallpaper), then
    /// again from the start until <see cref="QueuedCount"/>.
    /// </summary>
    private static List<FileInfo> QueuedPhotos(FileInfo[] unique)
    {
        if (unique.Length == 0)
        {
            throw new InvalidOperationException(
                "The corpus has no photos; ./drive bench builds it into .state/corpus.");
        }

        var shuffled = unique.OrderBy(photo => photo.Name, StringComparer.Ordinal).ToArray();
        new Random(4).Shuffle(shuffled);
        return Enumerable.Range(0, Math.Max(QueuedCount, shuffled.Length))
            .Select(i => shuffled[i % shuffled.Length])
            .ToList();
    }

    private static async Task OneAtATimeAsync(DriveApiClient client, Guid parentId, FileInfo[] unique,
        IReadOnlyDictionary<string, double> bareMilliseconds, CancellationToken ct)
    {
        Report.Section($"Thumbnails of {OneAtATimeCount} corpus photographs, uploaded one at a time");
        var photos = PickPhotos(unique);
        var bare = new Samples();
        foreach (var photo in photos)
        {
            bare.Add(TimeSpan.FromMilliseconds(bareMilliseconds[photo.FullName]));
        }

        var largest = photos[0];
        var bareLargest = bareMilliseconds[largest.FullName];

        // The worker's own code in this process: sniff, check the header, decode once, preview and thumbnail. Many
        // corpus photos carry an EXIF resolution unit libvips does not know; its warnings would bury the figures.
        NetVips.Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning, (_, _, _) => { });
        var maker = CreateMaker();
        var made = new Samples();
        foreach (var photo in photos)
        {
            made.Add(await TimeMakerAsync(maker, photo.FullName, ct));
        }

        var madeLargest = (await TimeMakerAsync(maker, largest.FullName, ct)).TotalMilliseconds;
        Report.Figure($"worker code, preview + thumbnail, {Dimensions(largest.FullName)}", madeLargest, "ms",
            bareLargest, "bare libvips, 1 thread", "< 300 ms");
        Report.Figure("worker code per photo, p50", made.Percentile(50), "ms", bare.Percentile(50), "bare p50", "-");

        // The product: complete, then poll until the worker reports the thumbnail ready.
        var folder = await client.CreateFolderAsync(parentId, "photos", ct);
        var toReady = new Samples();
        double largestToReady = double.NaN;
        foreach (var photo in photos)
        {
            var content = await File.ReadAllBytesAsync(photo.FullName, ct);
            var item = await client.UploadAsync(folder.Id, photo.Name, content, ct);
            var elapsed = await TimeUntilReadyAsync(client, item.Id, ct);
            toReady.Add(elapsed);
            if (photo == largest)
            {
                largestToReady = elapsed.TotalMilliseconds;
            }
        }

        Report.Figure($"complete -> ready, largest ({Dimensions(largest.FullName)})", largestToReady, "ms",
            bareLargest, "bare libvips, 1 thread", "thumbnail < 300 ms");
        Report.Figure("complete -> ready p50", toReady.Percentile(50), "ms",
            bare.Percentile(50), "bare p50", "< 2000 ms");
        Report.Figure("complete -> ready p99", toReady.Percentile(99), "ms", bare.Percentile(99), "bare p99", "-");
    }

    /// <summary>The largest photo first, then photos spread over the sizes.</summary>
    private static List<FileInfo> PickPhotos(FileInfo[] unique)
    {
        var all = unique.OrderByDescending(f => f.Length).ToList();
        var step = Math.Max(1, all.Count / OneAtATimeCount);
        return all.Where((_, i) => i % step == 0).Take(OneAtATimeCount).ToList();
    }

    private static ThumbnailMaker CreateMaker()
    {
        var settings = Options.Create(new ThumbnailOptions());
        return new ThumbnailMaker(settings, new ExternalDecoder(settings));
    }

    private static async Task<TimeSpan> TimeMakerAsync(ThumbnailMaker maker, string path, CancellationToken ct)
    {
        var source = await File.ReadAllBytesAsync(path, ct);
        var watch = Stopwatch.StartNew();
        var outcome = await maker.MakeAsync(source, ct);
        var elapsed = watch.Elapsed;
        return outcome is ThumbnailMade ? elapsed : throw new InvalidOperationException($"{path}: {outcome}");
    }

    private static string Dimensions(string path)
    {
        using var image = Image.NewFromFile(path, access: Enums.Access.Sequential);
        return $"{image.Width}x{image.Height}";
    }

    /// <summary>Polls the item every 20 ms until its thumbnail leaves "pending"; it must end "ready".</summary>
    private static async Task<TimeSpan> TimeUntilReadyAsync(DriveApiClient client, Guid id, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ReadyTimeout);
        try
        {
            string? state;
            while ((state = (await client.GetItemAsync(id, deadline.Token)).Thumbnail?.State) == "pending")
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }

            return state == "ready"
                ? watch.Elapsed
                : throw new InvalidOperationException($"Item {id}'s thumbnail ended {state}, not ready.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Item {id}'s thumbnail was still pending after {ReadyTimeout.TotalSeconds:0} s; is a thumbnail " +
                "worker running? Look at the thumbnails replicas' logs.");
        }
    }
}
