using System.Globalization;
using Drive.TestHost;

namespace Drive.Bench;

/// <summary>
/// One process whose memory and processor time the benchmark reads from /proc: a service replica of this run (the
/// service's own executable, not the <c>dotnet run</c> that started it), or this process.
/// </summary>
public sealed class MeasuredProcess(string name, int pid)
{
    /// <summary>The replica's resource name, such as <c>thumbnails-2</c>.</summary>
    public string Name => name;

    /// <summary>This process.</summary>
    public static MeasuredProcess Current => new("bench", Environment.ProcessId);

    /// <summary>Every replica of <paramref name="service"/> in <paramref name="drive"/>.</summary>
    public static IReadOnlyList<MeasuredProcess> ReplicasOf(DriveHost drive, string service) =>
        drive.ReplicasOf(service).Select(replica => new MeasuredProcess(replica, drive.ProcessIdOf(replica))).ToList();

    /// <summary>Resident memory now (VmRSS).</summary>
    public double ResidentMegabytes() => StatusKilobytes("VmRSS:") / 1024.0;

    /// <summary>The most resident memory since the process started or its peak was last reset (VmHWM).</summary>
    public double PeakResidentMegabytes() => StatusKilobytes("VmHWM:") / 1024.0;

    /// <summary>
    /// Sets the peak (VmHWM) back to the resident memory now, by writing 5 to <c>/proc/[pid]/clear_refs</c> (Linux 4.0
    /// and later), so the next reading covers only what follows. False when the kernel refuses.
    /// </summary>
    public bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>User plus system processor time since the process started.</summary>
    public TimeSpan CpuTime() =>
        LinuxProcesses.StatOf(pid)?.CpuTime ?? throw Ended();

    private long StatusKilobytes(string field)
    {
        IEnumerable<string> status;
        try
        {
            status = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (IOException)
        {
            throw Ended();
        }

        var line = status.First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private InvalidOperationException Ended() =>
        new($"{name} (process {pid}) ended during the benchmark; its figures cannot be read. Look at its log.");
}
