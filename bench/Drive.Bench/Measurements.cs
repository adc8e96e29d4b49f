using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

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
/// Processor time over an interval from /proc/stat and the runtime: the share of every core that was busy (all
/// processes on the machine, this run's and anyone else's) and the cores this process itself used.
/// </summary>
public sealed class CpuMeter
{
    private readonly (long Busy, long Total) _machineAtStart = ReadMachine();
    private readonly TimeSpan _ownAtStart = Environment.CpuUsage.TotalTime;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    /// <summary>Busy share of all cores since this meter was made (0 to 1), and this process's use in cores.</summary>
    public (double MachineBusy, double OwnCores) Read()
    {
        var (busy, total) = ReadMachine();
        var own = Environment.CpuUsage.TotalTime - _ownAtStart;
        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        return ((double)(busy - _machineAtStart.Busy) / (total - _machineAtStart.Total), own / elapsed);
    }

    /// <summary>/proc/stat's first line: user nice system idle iowait irq softirq steal (guest is in user).</summary>
    private static (long Busy, long Total) ReadMachine()
    {
        var ticks = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8)
            .Select(field => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        var total = ticks.Sum();
        return (total - ticks[3] - ticks[4], total);
    }
}
