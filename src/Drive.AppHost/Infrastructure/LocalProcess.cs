using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Drive.AppHost.Infrastructure;

/// <summary>Small helpers shared by the servers that run as local processes.</summary>
internal static class LocalProcess
{
    /// <summary>True when the AppHost runs as root, which PostgreSQL refuses to be.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    // Below Linux's ephemeral range (32768-60999), where the orchestrator's proxies and every outgoing connection
    // take their ports, so a port picked here is not handed to one of those before the server binds it.
    private const int FirstPort = 20_000;
    private const int LastPort = 32_767;

    private static readonly HashSet<int> Handed = [];

    /// <summary>
    /// A TCP port free on 127.0.0.1 right now, never the same twice in this AppHost. The orchestrator does not pick
    /// ports for endpoints that are not proxied, so the AppHost picks them; another program could still take one in
    /// the moment before the server binds it.
    /// </summary>
    public static int FreePort()
    {
        lock (Handed)
        {
            while (true)
            {
                var port = Random.Shared.Next(FirstPort, LastPort + 1);
                if (!Handed.Contains(port) && CanBind(port))
                {
                    Handed.Add(port);
                    return port;
                }
            }
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Finds an executable on PATH, or returns null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Reads a secret kept in the state folder, creating it (random, URL-safe) the first time, so servers
    /// initialised with it and tokens signed with it keep working after a restart.
    /// </summary>
    public static string GetOrCreateSecret(string stateDirectory, string name, int bytes = 32)
    {
        var path = Path.Combine(stateDirectory, "secrets");
        var folder = OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var file = Path.Combine(folder.FullName, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();
        File.WriteAllText(file, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }

    /// <summary>Runs a preparation command to its end and fails with its output when it exits non-zero.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}: "
                + $"{await output}{await error}");
        }
    }

    /// <summary>
    /// Lets other users pass through (not list) every folder above <paramref name="folder"/>, so a server that runs
    /// as its own user (PostgreSQL as <c>postgres</c>) can reach its data when the repository sits under /root.
    /// </summary>
    public static void AllowOthersToTraverse(string folder, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var current = Directory.GetParent(folder); current is not null; current = current.Parent)
        {
            var mode = File.GetUnixFileMode(current.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(current.FullName, mode | UnixFileMode.OtherExecute);
                logger.AllowedTraversal(current.FullName);
            }
        }
    }
}
