using StackExchange.Redis;

namespace Drive.AppHost.Infrastructure;

/// <summary>Redis run as a local process, appending every write to a file under the state folder.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>Name of the TCP endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The server's TCP endpoint (127.0.0.1, a free port, not proxied).</summary>
    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.IPV4Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>Adds Drive's Redis server, connection name "redis".</summary>
internal static class RedisInfrastructure
{
    /// <summary>The Aspire Redis integration: a container with a data volume and persistence.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisContainer(
        this IDistributedApplicationBuilder builder) =>
        builder.AddRedis("redis").WithDataVolume().WithPersistence();

    /// <summary>Redis as a local process; the append-only file keeps data across restarts.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalRedis(
        this IDistributedApplicationBuilder builder, DriveSettings settings)
    {
        var command = LocalProcess.FindOnPath("redis-server")
            ?? throw new InvalidOperationException(
                "Redis is not installed. Run ./drive up, or apt-get install redis-server.");
        var data = Directory.CreateDirectory(Path.Combine(settings.StateDirectory, "redis")).FullName;
        var port = LocalProcess.FreePort();

        return builder
            .AddResource(new LocalRedisResource("redis", command, data))
            .WithArgs(
                "--bind", "127.0.0.1", "--port", port.ToString(), "--dir", data,
                "--save", "", "--appendonly", "yes", "--daemonize", "no")
            .WithEndpoint(port: port, targetPort: port, name: LocalRedisResource.EndpointName, isProxied: false)
            .WithServerHealthCheck(resource => new RedisHealthCheck(resource));
    }

    private sealed class RedisHealthCheck(IResourceWithConnectionString resource) : ServerHealthCheck(resource)
    {
        protected override async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.ConnectTimeout = (int)ProbeTimeout.TotalMilliseconds;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
        }
    }
}
