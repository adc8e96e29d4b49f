using System.Diagnostics;
using System.Globalization;
using Drive.TestHost;
using Xunit.Abstractions;

namespace Drive.Tests.Scaling;

/// <summary>Sends signals to service replicas of a running Drive.</summary>
internal static class ReplicaSignal
{
    /// <summary>Sends a signal to a replica's process, after checking it is that service on that replica's port.</summary>
    public static void Send(DriveHost host, string resource, string application, string signal, ITestOutputHelper output)
    {
        var pid = host.ProcessIdOf(resource);
        var port = host.EndpointOf(resource).Port;
        var commandLine = LinuxProcesses.CommandLineOf(pid);
        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
        output.WriteLine($"{resource}: pid {pid}, port {port}, {commandLine}");
        Assert.Contains($"/{application}", commandLine, StringComparison.Ordinal);
        Assert.Contains(environment, variable =>
            (variable.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal)
                || variable.StartsWith("HTTP_PORTS=", StringComparison.Ordinal))
            && variable.Contains(port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
