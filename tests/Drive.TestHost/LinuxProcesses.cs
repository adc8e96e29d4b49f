namespace Drive.TestHost;

/// <summary>What <c>/proc</c> tells about the processes of this machine.</summary>
public static class LinuxProcesses
{
    /// <summary>The process's command line with its arguments separated by spaces; empty once it is gone.</summary>
    public static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Every descendant of <paramref name="pid"/>, parents before their children.</summary>
    public static IEnumerable<int> DescendantsOf(int pid)
    {
        var parents = ParentsByProcess();
        var found = new List<int>();
        var level = new List<int> { pid };
        while (level.Count > 0)
        {
            level = parents.Where(p => level.Contains(p.Value)).Select(p => p.Key).Order().ToList();
            found.AddRange(level);
        }

        return found;
    }

    /// <summary>
    /// The parent and the processor time (user plus system, in clock ticks) of a process, from <c>/proc/[pid]/stat</c>;
    /// null once it is gone or when it is not ours to read.
    /// </summary>
    public static ProcessStat? StatOf(int pid)
    {
        try
        {
            // "pid (command) state ppid … utime stime …": the command may hold spaces and parentheses, so read
            // after the last ')'; from there ppid is the 2nd field, utime the 12th and stime the 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return new ProcessStat((int)Parse(fields[1]), Parse(fields[11]) + Parse(fields[12]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<int, int> ParentsByProcess()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && StatOf(pid) is { } stat)
            {
                parents[pid] = stat.ParentId;
            }
        }

        return parents;
    }

    private static long Parse(string field) => long.Parse(field, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What <c>/proc/[pid]/stat</c> tells about a process.</summary>
/// <param name="ParentId">The parent's process id.</param>
/// <param name="CpuTicks">User plus system time, in clock ticks of <see cref="TicksPerSecond"/>.</param>
public sealed record ProcessStat(int ParentId, long CpuTicks)
{
    /// <summary>Clock ticks a second in /proc (USER_HZ, 100 on Linux for x86-64 and arm64).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>The processor time as a span.</summary>
    public TimeSpan CpuTime => TimeSpan.FromSeconds(CpuTicks / TicksPerSecond);
}
