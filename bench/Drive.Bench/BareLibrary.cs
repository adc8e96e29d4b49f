using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Drive.Thumbnails;
using NetVips;

namespace Drive.Bench;

/// <summary>
/// The thumbnail worker's library with nothing of the worker around it: each photo decoded once with shrink-on-load
/// to the preview size, held in memory, encoded as JPEG, shrunk to the thumbnail size and encoded again, with the
/// worker's sizes and quality. It runs in a process of its own (this executable with the <see cref="Command"/>
/// argument), so that its processor time and peak memory are the library's alone and not those of the bench, which
/// also hosts the AppHost and the HTTP clients.
/// </summary>
public static class BareLibrary
{
    /// <summary>The argument that makes this executable a bare-library run: <c>bare-library THREADS</c>.</summary>
    public const string Command = "bare-library";

    /// <summary>As the AppHost gives the thumbnail worker, so both allocate alike.</summary>
    private const string MallocArenaMax = "1";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Decodes and resizes every photo in <paramref name="photos"/> (a path may come more than once) on
    /// <paramref name="threads"/> threads in a child process, and returns its timings and memory.
    /// </summary>
    public static async Task<BareRun> RunAsync(IReadOnlyList<string> photos, int threads, CancellationToken ct)
    {
        using var child = Process.Start(ChildStart(threads))
            ?? throw new InvalidOperationException("The bare-library process did not start.");
        var output = child.StandardOutput.ReadToEndAsync(ct);
        var errors = child.StandardError.ReadToEndAsync(ct);
        await child.StandardInput.WriteAsync(string.Join('\n', photos).AsMemory(), ct);
        child.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RunTimeout);
        try
        {
            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"The bare-library run of {photos.Count} photos on {threads} threads did not end within " +
                $"{RunTimeout.TotalMinutes:0} minutes; it was stopped.");
        }

        return child.ExitCode == 0
            ? JsonSerializer.Deserialize<BareRun>(await output)
                ?? throw new InvalidOperationException("The bare-library process printed nothing.")
            : throw new InvalidOperationException(
                $"The bare-library process exited with {child.ExitCode}: {await errors}");
    }

    /// <summary>
    /// The child's side: reads photo paths from standard input, one a line, and prints one <see cref="BareRun"/> as
    /// JSON. Each photo's time covers decoding, resizing and encoding, not reading the file; wall and processor time
    /// cover the whole loop.
    /// </summary>
    public static int RunChild(string[] args)
    {
        var threads = args.Length == 1 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var t) && t > 0
            ? t
            : throw new ArgumentException($"Usage: {Command} THREADS, with photo paths on standard input.");
        var photos = Console.In.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var settings = new ThumbnailOptions();
        Configure();

        // Loads the loaders and encoders before anything is measured.
        Render(File.ReadAllBytes(photos.MinBy(p => new FileInfo(p).Length)!), settings);
        var self = MeasuredProcess.Current;
        var residentBefore = self.ResidentMegabytes();

        var milliseconds = new double[photos.Length];
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.StartNew();
        Parallel.For(0, photos.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var source = File.ReadAllBytes(photos[i]);
            var started = Stopwatch.GetTimestamp();
            Render(source, settings);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });

        var run = new BareRun(milliseconds, wall.Elapsed.TotalSeconds,
            (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds, residentBefore, self.PeakResidentMegabytes());
        Console.WriteLine(JsonSerializer.Serialize(run));
        return 0;
    }

    /// <summary>The same library settings as the worker: no operation cache, one thread per pipeline.</summary>
    private static void Configure()
    {
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        NetVips.NetVips.Concurrency = 1;
    }

    private static void Render(byte[] source, ThumbnailOptions settings)
    {
        using var decoded = Image.ThumbnailBuffer(source, settings.PreviewSize, height: settings.PreviewSize,
            size: Enums.Size.Down);
        using var preview = decoded.CopyMemory();
        _ = preview.JpegsaveBuffer(q: settings.Quality, keep: Enums.ForeignKeep.None);
        using var thumbnail = preview.ThumbnailImage(settings.Height * settings.MaxAspectRatio, height: settings.Height,
            size: Enums.Size.Down);
        _ = thumbnail.JpegsaveBuffer(q: settings.Quality, keep: Enums.ForeignKeep.None);
    }

    private static ProcessStartInfo ChildStart(int threads)
    {
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("No path to this executable.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BareLibrary).Assembly.Location);
        }

        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        start.Environment["MALLOC_ARENA_MAX"] = MallocArenaMax;
        return start;
    }
}

/// <summary>
/// One bare-library run: each photo's time in milliseconds (in the order given), the loop's wall and processor time
/// in seconds, and the process's resident memory before the loop and at its peak, in megabytes.
/// </summary>
public sealed record BareRun(
    double[] Milliseconds, double WallSeconds, double CpuSeconds, double ResidentBeforeMegabytes, double PeakMegabytes)
{
    /// <summary>Photos a second of wall time.</summary>
    public double PhotosPerSecond => Milliseconds.Length / WallSeconds;

    /// <summary>Photos a second of processor time: a second of one core.</summary>
    public double PhotosPerCoreSecond => Milliseconds.Length / CpuSeconds;

    /// <summary>The timings as samples.</summary>
    public Samples Samples()
    {
        var samples = new Samples();
        foreach (var ms in Milliseconds)
        {
            samples.Add(TimeSpan.FromMilliseconds(ms));
        }

        return samples;
    }
}
