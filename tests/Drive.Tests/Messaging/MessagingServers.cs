using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Drive.AppHost.Infrastructure;
using Npgsql;
using RabbitMQ.Client;

namespace Drive.Tests.Messaging;

/// <summary>
/// A real RabbitMQ (with its own epmd) and a real PostgreSQL started as local processes for the messaging tests,
/// in a temporary folder and on free loopback ports, and stopped afterwards. Nothing else of Drive is started.
/// </summary>
public sealed class MessagingServers : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private const int SigTerm = 15;

    private readonly string root = Path.Combine(Path.GetTempPath(), "drive-messaging-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly List<Server> servers = [];
    private int postgresPort;

    /// <summary>The broker's AMQP URI (guest on 127.0.0.1).</summary>
    public string RabbitMqUri { get; private set; } = "";

    /// <summary>A connection string to a new, empty database of its own.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ServerConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ServerConnectionString(name);
    }

    /// <summary>A connection to the broker for a test's own checks.</summary>
    public Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(RabbitMqUri) }.CreateConnectionAsync();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(root);
        using var deadline = new CancellationTokenSource(StartTimeout);
        await Task.WhenAll(StartRabbitMqAsync(deadline.Token), StartPostgresAsync(deadline.Token));
    }

    public async Task DisposeAsync()
    {
        // Stopped in reverse order of start, so RabbitMQ leaves its epmd before the epmd goes.
        for (var i = servers.Count - 1; i >= 0; i--)
        {
            await servers[i].StopAsync();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing a file; the folder is under the temporary folder anyway.
        }
    }

    private async Task StartRabbitMqAsync(CancellationToken cancellationToken)
    {
        // The same folders, configuration files and environment as the AppHost's local broker, in this run's folder.
        var folder = Path.Combine(root, "rabbitmq");
        RabbitMqInfrastructure.PrepareFolders(folder);
        var (amqpPort, distributionPort, epmdPort) = (FreePort(), FreePort(), FreePort());

        Start("epmd", folder, "epmd", ["-port", $"{epmdPort}", "-address", "127.0.0.1"], []);
        Start("rabbitmq", folder, "/usr/lib/rabbitmq/bin/rabbitmq-server", [],
            RabbitMqInfrastructure.Environment(folder, amqpPort, distributionPort, epmdPort));

        RabbitMqUri = $"amqp://guest:guest@127.0.0.1:{amqpPort}";
        await WaitUntilAsync("RabbitMQ", async () =>
        {
            await using var connection = await ConnectAsync();
        }, cancellationToken);
    }

    private async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        var binaries = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .First(bin => File.Exists(Path.Combine(bin, "postgres")));
        var folder = Path.Combine(root, "postgres");
        var data = Path.Combine(folder, "data");
        var sockets = Path.Combine(folder, "run");
        Directory.CreateDirectory(sockets);
        if (IsRoot)
        {
            // PostgreSQL refuses to run as root: its folders belong to the postgres user, which runs it.
            await RunAsync("chown", ["-R", "postgres:postgres", folder], cancellationToken);
        }

        await RunAsPostgresAsync(Path.Combine(binaries, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], cancellationToken);

        postgresPort = FreePort();
        var (command, args) = AsPostgresUser(Path.Combine(binaries, "postgres"),
            ["-D", data, "-p", $"{postgresPort}", "-c", "listen_addresses=127.0.0.1",
             "-c", $"unix_socket_directories={sockets}", "-c", "fsync=off"]);
        Start("postgres", folder, command, args, []);

        await WaitUntilAsync("PostgreSQL", async () =>
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString("postgres") + ";Pooling=false");
            await connection.OpenAsync(cancellationToken);
        }, cancellationToken);
    }

    private string ServerConnectionString(string database) =>
        $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Database={database}";

    private static bool IsRoot => Environment.UserName == "root";

    private static (string Command, string[] Args) AsPostgresUser(string command, string[] args) => IsRoot
        ? ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", command, .. args])
        : (command, args);

    private static Task RunAsPostgresAsync(string command, string[] args, CancellationToken cancellationToken)
    {
        var (program, arguments) = AsPostgresUser(command, args);
        return RunAsync(program, arguments, cancellationToken);
    }

    private static async Task RunAsync(string command, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }

    private void Start(string name, string folder, string command, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var server = new Server(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start."));
        servers.Add(server);
    }

    private async Task WaitUntilAsync(string name, Func<Task> probe, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested || servers.Any(server => server.Process.HasExited))
                {
                    var logs = string.Join("\n", servers.Select(server => server.Describe()));
                    throw new InvalidOperationException($"{name} did not start in time.\n{logs}", exception);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>One started server, its output kept for the failure message.</summary>
    private sealed class Server
    {
        private readonly StringBuilder output = new();

        public Server(string name, Process process)
        {
            Name = name;
            Process = process;
            process.OutputDataReceived += (_, line) => Append(line.Data);
            process.ErrorDataReceived += (_, line) => Append(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Name { get; }

        public Process Process { get; }

        public string Describe()
        {
            lock (output)
            {
                var exited = Process.HasExited ? $"exited with {Process.ExitCode}" : "running";
                return $"--- {Name} ({exited}):\n{output}";
            }
        }

        /// <summary>SIGTERM, so each server shuts down cleanly; the whole tree is killed if it is still there later.</summary>
        public async Task StopAsync()
        {
            if (!Process.HasExited)
            {
                _ = Kill(Process.Id, SigTerm);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await Process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    Process.Kill(entireProcessTree: true);
                }
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

/// <summary>The messaging tests share one broker and one database server.</summary>
[CollectionDefinition(Name)]
public sealed class MessagingServersCollection : ICollectionFixture<MessagingServers>
{
    public const string Name = "messaging servers";
}
