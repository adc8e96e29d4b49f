using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Drive.TestHost;

namespace Drive.Bench;

/// <summary>Timings of repeated operations, summarised as percentiles.</summary>
public sealed class Samples
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    /// <summary>The <paramref name="percentile"/>th percentile in milliseconds (nearest rank).</summary>
    public double Percentile(double percentile)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _milliseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public double Mean => _milliseconds.Count == 0 ? double.NaN : _milliseconds.Average();

    /// <summary>Every timing of <paramref name="parts"/> in one set, e.g. those of concurrent clients.</summary>
    public static Samples Combine(IEnumerable<Samples> parts)
    {
        var all = new Samples();
        foreach (var part in parts)
        {
            all._milliseconds.AddRange(part._milliseconds);
        }

        return all;
    }

    /// <summary>Times <paramref name="operation"/> and records it.</summary>
    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var watch = Stopwatch.StartNew();
        var result = await operation();
        Add(watch.Elapsed);
        return result;
    }
}

/// <summary>Boots Drive for a benchmark, within the bound the end-to-end fixtures allow.</summary>
public static class BenchDrive
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(8);

    /// <summary>Boots Drive with <paramref name="arguments"/> for the AppHost; a boot that overruns fails.</summary>
    public static async Task<DriveHost> StartAsync(params string[] arguments)
    {
        try
        {
            return await DriveHost.StartAsync(BootTimeout, arguments);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException(
                $"Drive did not boot within {BootTimeout.TotalMinutes:0} minutes (2 to 5 is usual on a loaded " +
                "machine); its processes stop when the bench exits. Try again when the machine is quieter.", e);
        }
    }
}

/// <summary>Prints each figure beside its baseline from the same run, and the target where there is one.</summary>
public static class Report
{
    public static void Section(string title) => Console.WriteLine($"\n== {title}");

    /// <summary>One figure, its baseline and their ratio (figure / baseline).</summary>
    public static void Figure(string what, double value, string unit, double baseline, string baselineName, string target)
    {
        Console.WriteLine(
            $"{what,-44} {value,10:F1} {unit,-5} | baseline {baselineName}: {baseline,9:F1} {unit,-5} " +
            $"| ratio {value / baseline,6:F2} | target {target}");
    }
}

/// <summary>Timed GET requests, for measurements that call a service with or without the proxies in front.</summary>
public static class TimedHttp
{
    /// <summary>A client of <paramref name="baseAddress"/> sending <paramref name="accessToken"/>.</summary>
    public static HttpClient Authorized(Uri baseAddress, string accessToken)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http;
    }

    /// <summary>Times one GET until its whole body is read, and returns the time with the status.</summary>
    public static async Task<(TimeSpan Elapsed, HttpStatusCode Status)> GetAsync(
        HttpClient http, string path, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
        return (Stopwatch.GetElapsedTime(started), response.StatusCode);
    }

    /// <summary>Times one GET that must answer 200.</summary>
    public static async Task<TimeSpan> GetOkAsync(HttpClient http, string path, CancellationToken ct)
    {
        var (elapsed, status) = await GetAsync(http, path, ct);
        return status == HttpStatusCode.OK
            ? elapsed
            : throw new InvalidOperationException($"GET {http.BaseAddress}{path} answered {(int)status}, not 200.");
    }
}

/// <summary>
/// Processor time over an interval, read from /proc: the share of every core that was busy (all processes on the
/// machine, this run's and anyone else's), the cores this run used (this process, which hosts the AppHost, plus
/// every process under the orchestrator that watches it: servers, replicas and their launchers), and the cores this
/// process used alone.
/// </summary>
public sealed class CpuMeter
{
    private readonly (long Busy, long Total) _machineAtStart = ReadMachine();
    private readonly long _runAtStart = RunTicks();
    private readonly TimeSpan _ownAtStart = Environment.CpuUsage.TotalTime;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    /// <summary>Since the meter was made: all cores' busy share (0 to 1), this run's and this process's cores.</summary>
    public (double MachineBusy, double RunCores, double OwnCores) Read()
    {
        var (busy, total) = ReadMachine();
        var run = RunTicks() - _runAtStart;
        var own = Environment.CpuUsage.TotalTime - _ownAtStart;
        var seconds = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        return (
            (double)(busy - _machineAtStart.Busy) / (total - _machineAtStart.Total),
            run / ProcessStat.TicksPerSecond / seconds,
            own.TotalSeconds / seconds);
    }

    /// <summary>/proc/stat's first line: user nice system idle iowait irq softirq steal (guest is in user).</summary>
    private static (long Busy, long Total) ReadMachine()
    {
        var ticks = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8)
            .Select(Parse)
            .ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }

    /// <summary>
    /// User and system ticks of this process and of every descendant of the orchestrator (dcp) started with
    /// <c>--monitor</c> this process's id; the orchestrator detaches from this process, so its tree is found by that.
    /// </summary>
    private static long RunTicks()
    {
        var processes = ReadProcesses();
        var roots = processes.Values
            .Where(p => p.CommandLine.Contains($"--monitor {Environment.ProcessId}", StringComparison.Ordinal))
            .Select(p => p.Id)
            .Append(Environment.ProcessId)
            .ToHashSet();
        return processes.Values.Where(p => IsUnder(p, roots, processes)).Sum(p => p.Ticks);
    }

    private static bool IsUnder(ProcessTicks process, HashSet<int> roots, Dictionary<int, ProcessTicks> all)
    {
        for (var current = process; ; current = all[current.ParentId])
        {
            if (roots.Contains(current.Id))
            {
                return true;
            }

            if (!all.ContainsKey(current.ParentId))
            {
                return false;
            }
        }
    }

    private static Dictionary<int, ProcessTicks> ReadProcesses()
    {
        var processes = new Dictionary<int, ProcessTicks>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var id) && TryReadProcess(id) is { } process)
            {
                processes[id] = process;
            }
        }

        return processes;
    }

    private static ProcessTicks? TryReadProcess(int id)
    {
        if (LinuxProcesses.StatOf(id) is not { } stat)
        {
            return null;
        }

        var commandLine = LinuxProcesses.CommandLineOf(id);
        return new ProcessTicks(id, stat.ParentId, stat.CpuTicks, commandLine);
    }

    private static long Parse(string field) => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture);

    private sealed record ProcessTicks(int Id, int ParentId, long Ticks, string CommandLine);
}
