using System.Diagnostics;

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
