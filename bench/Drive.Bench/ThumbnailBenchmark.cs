using System.Diagnostics;
using Drive.Thumbnails;
using Drive.Thumbnails.Imaging;
using Microsoft.Extensions.Options;
using NetVips;

namespace Drive.Bench;

/// <summary>
/// Corpus photographs uploaded one at a time: the time from complete to thumbnail "ready", and the worker's peak
/// memory, against the bare decode-and-resize of the same photos by the same library in this process.
/// </summary>
public static class ThumbnailBenchmark
{
    private const int PhotoCount = 40;

    public static async Task RunAsync(
        DriveApiClient client, Guid parentId, string corpus, string runMarker, CancellationToken ct)
    {
        Report.Section($"Thumbnails of {PhotoCount} corpus photographs, uploaded one at a time");
        var photos = PickPhotos(corpus);
        var folder = await client.CreateFolderAsync(parentId, "photos", ct);

        // 1. Baseline: the library alone on one thread, decode and resize to 256 px.
        NetVips.NetVips.Concurrency = 1;
        var bare = new Samples();
        foreach (var photo in photos)
        {
            bare.Add(TimeBareThumbnail(photo.FullName));
        }

        var largest = photos[0];
        var bareLargest = TimeBareThumbnail(largest.FullName).TotalMilliseconds;

        // 2. The worker's own code in this process: sniff, check the header, decode once, preview and thumbnail.
        var maker = CreateMaker();
        var made = new Samples();
        foreach (var photo in photos)
        {
            made.Add(await TimeMakerAsync(maker, photo.FullName, ct));
        }

        var madeLargest = (await TimeMakerAsync(maker, largest.FullName, ct)).TotalMilliseconds;
        Report.Figure($"worker code, preview + thumbnail, {Dimensions(largest.FullName)}", madeLargest, "ms",
            bareLargest, "bare libvips thumbnail", "< 300 ms");
        Report.Figure("worker code per photo, p50", made.Percentile(50), "ms", bare.Percentile(50), "bare p50", "-");

        // 3. The product: complete, then poll until the worker reports the thumbnail ready.
        var worker = WorkerProcess.Find("Drive.Thumbnails", runMarker);
        var idleMemory = worker?.ResidentMegabytes() ?? double.NaN;
        var toReady = new Samples();
        double largestToReady = double.NaN;
        foreach (var photo in photos)
        {
            var item = await client.UploadAsync(folder.Id, photo.Name, await File.ReadAllBytesAsync(photo.FullName, ct), ct);
            var elapsed = await TimeUntilReadyAsync(client, item.Id, ct);
            toReady.Add(elapsed);
            if (photo == largest)
            {
                largestToReady = elapsed.TotalMilliseconds;
            }
        }

        Report.Figure($"complete -> ready, largest ({Dimensions(largest.FullName)})", largestToReady, "ms",
            bareLargest, "bare libvips, 1 core", "thumbnail < 300 ms");
        Report.Figure("complete -> ready p50", toReady.Percentile(50), "ms", bare.Percentile(50), "bare p50", "< 2000 ms");
        Report.Figure("complete -> ready p99", toReady.Percentile(99), "ms", bare.Percentile(99), "bare p99", "-");
        if (worker is not null)
        {
            Report.Figure("thumbnail worker peak resident memory", worker.PeakResidentMegabytes(), "MB",
                idleMemory, "worker idle before the run", "< 300 MB");
        }
        else
        {
            Console.WriteLine("thumbnail worker process not found; peak memory not measured");
        }
    }

    private static List<FileInfo> PickPhotos(string corpus)
    {
        var all = new DirectoryInfo(Path.Combine(corpus, "photos")).GetFiles("*.jpg").OrderByDescending(f => f.Length).ToList();
        var step = Math.Max(1, all.Count / PhotoCount);
        return all.Where((_, i) => i % step == 0).Take(PhotoCount).ToList();
    }

    private static TimeSpan TimeBareThumbnail(string path)
    {
        var watch = Stopwatch.StartNew();
        using var thumbnail = Image.Thumbnail(path, 256, height: 256, size: Enums.Size.Down);
        _ = thumbnail.JpegsaveBuffer(q: 80, keep: Enums.ForeignKeep.None);
        return watch.Elapsed;
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

    private static async Task<TimeSpan> TimeUntilReadyAsync(DriveApiClient client, Guid id, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await client.GetItemAsync(id, deadline.Token)).Thumbnail?.State == "pending")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }

        return watch.Elapsed;
    }
}

/// <summary>
/// A running service process of this run (the service's own executable, not the `dotnet run` that started it),
/// found by its program name and a value only this run's processes carry
/// in their environment (a connection string with this run's ports), and its memory from /proc.
/// </summary>
public sealed class WorkerProcess(int pid)
{
    public static WorkerProcess? Find(string commandLinePart, string environmentMarker)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid)
                && TryRead(Path.Combine(folder, "cmdline")) is { } commandLine
                && commandLine.Split('\0')[0].EndsWith("/" + commandLinePart, StringComparison.Ordinal)
                && TryRead(Path.Combine(folder, "environ")) is { } environment
                && environment.Contains(environmentMarker, StringComparison.Ordinal))
            {
                return new WorkerProcess(pid);
            }
        }

        return null;
    }

    public double ResidentMegabytes() => StatusKilobytes("VmRSS:") / 1024.0;

    public double PeakResidentMegabytes() => StatusKilobytes("VmHWM:") / 1024.0;

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
