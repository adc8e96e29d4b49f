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

    private static Dictionary<int, int> ParentsByProcess()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (command) state ppid …": the command may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while the folder was read.
            }
        }

        return parents;
    }
}
