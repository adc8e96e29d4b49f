using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Drive.AppHost.Infrastructure;

/// <summary>RabbitMQ run as a local process, its node data (mnesia) under the state folder.</summary>
internal sealed class LocalRabbitMqResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>Name of the AMQP endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The AMQP endpoint (127.0.0.1, a free port, not proxied).</summary>
    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://guest:guest@{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>
/// The Erlang port mapper RabbitMQ registers its node with. It runs as its own resource so that stopping the
/// AppHost stops it too, instead of leaving a daemon that Erlang would otherwise spawn and forget.
/// </summary>
internal sealed class LocalEpmdResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory);

/// <summary>Adds Drive's RabbitMQ broker, connection name "rabbitmq".</summary>
internal static class RabbitMqInfrastructure
{
    /// <summary>The Aspire RabbitMQ integration: a container with a data volume.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRabbitMqContainer(
        this IDistributedApplicationBuilder builder) =>
        builder.AddRabbitMQ("rabbitmq").WithDataVolume();

    /// <summary>
    /// RabbitMQ as a local process: started through the script under /usr/lib/rabbitmq/bin (the /usr/sbin wrapper
    /// switches user and folder), with its own HOME, node name, ports, files and epmd, so nothing is shared with a
    /// system-wide broker.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, DriveSettings settings)
    {
        const string server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        var epmdCommand = LocalProcess.FindOnPath("epmd");
        if (!File.Exists(server) || epmdCommand is null)
        {
            throw new InvalidOperationException(
                "RabbitMQ is not installed. Run ./drive up, or apt-get install rabbitmq-server.");
        }

        var root = Path.Combine(settings.StateDirectory, "rabbitmq");
        PrepareFolders(root);
        var (amqpPort, distributionPort, epmdPort) =
            (LocalProcess.FreePort(), LocalProcess.FreePort(), LocalProcess.FreePort());

        // Where `./drive dead-letters` finds this broker; rewritten on every start, since the port changes.
        File.WriteAllText(Path.Combine(root, "amqp-uri"), $"amqp://guest:guest@127.0.0.1:{amqpPort}\n");

        var epmd = builder
            .AddResource(new LocalEpmdResource("rabbitmq-epmd", epmdCommand, root))
            .WithArgs("-port", epmdPort.ToString(), "-address", "127.0.0.1")
            .WithEndpoint(port: epmdPort, targetPort: epmdPort, name: "tcp", isProxied: false)
            .WithServerHealthCheck(_ => new TcpHealthCheck(epmdPort));

        var rabbit = builder
            .AddResource(new LocalRabbitMqResource("rabbitmq", server, root))
            .WithEndpoint(port: amqpPort, targetPort: amqpPort, name: LocalRabbitMqResource.EndpointName, isProxied: false)
            .WithServerHealthCheck(resource => new RabbitMqHealthCheck(resource))
            .WaitFor(epmd);

        foreach (var (variable, value) in Environment(root, amqpPort, distributionPort, epmdPort))
        {
            rabbit.WithEnvironment(variable, value);
        }

        return rabbit;
    }

    /// <summary>The broker's environment: its folders under <paramref name="root"/> and its three ports.</summary>
    internal static Dictionary<string, string> Environment(string root, int amqpPort, int distributionPort, int epmdPort) =>
        new()
        {
            ["HOME"] = Path.Combine(root, "home"),
            ["RABBITMQ_NODENAME"] = "drive@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbitmq.pid"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(root, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf"),
        };

    /// <summary>Creates the broker's folders and its (empty) configuration files once.</summary>
    internal static void PrepareFolders(string root)
    {
        foreach (var folder in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        WriteOnce(Path.Combine(root, "rabbitmq.conf"), "# Drive's local broker; ports come from the environment.\n");
        WriteOnce(Path.Combine(root, "advanced.config"), "[].\n");
        WriteOnce(Path.Combine(root, "enabled_plugins"), "[].\n");
        WriteOnce(Path.Combine(root, "rabbitmq-env.conf"), "");
    }

    private static void WriteOnce(string path, string content)
    {
        if (!File.Exists(path))
        {
            File.WriteAllText(path, content);
        }
    }

    private sealed class RabbitMqHealthCheck(IResourceWithConnectionString resource) : ServerHealthCheck(resource)
    {
        protected override async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
        {
            var factory = new ConnectionFactory
            {
                Uri = new Uri(connectionString),
                RequestedConnectionTimeout = ProbeTimeout,
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        }
    }

    private sealed class TcpHealthCheck(int port) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(
            HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException exception)
            {
                return HealthCheckResult.Unhealthy($"Nothing listens on 127.0.0.1:{port} yet.", exception);
            }
        }
    }
}
