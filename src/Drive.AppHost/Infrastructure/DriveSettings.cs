namespace Drive.AppHost.Infrastructure;

/// <summary>How the servers behind Drive are run.</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers where a container runtime answers, local processes otherwise.</summary>
    Auto,

    /// <summary>PostgreSQL, Redis, RabbitMQ and Azurite as processes on this machine.</summary>
    Processes,

    /// <summary>The Aspire hosting integrations and an Azurite container.</summary>
    Containers,
}

/// <summary>
/// The AppHost's own knobs, read from the "Drive" configuration section (command line
/// <c>--Drive:Port=9090</c> or environment <c>Drive__Port=9090</c>).
/// </summary>
/// <param name="RepositoryRoot">The repository's root folder (tools/ and the default state folder live there).</param>
/// <param name="StateDirectory">Folder holding every local server's data; it survives restarts.</param>
/// <param name="Port">Public HTTP port of the edge load balancer in a local run; null picks a free one. A deployment
/// has no edge: the platform's ingress fronts the gateway.</param>
/// <param name="Infrastructure">Whether servers run as containers or as local processes.</param>
/// <param name="Replicas">How many replicas of each service a run starts (<c>Drive:Replicas</c>, default 2, or
/// per service: <c>Drive:Replicas:files=3</c>).</param>
internal sealed record DriveSettings(
    string RepositoryRoot,
    string StateDirectory,
    int? Port,
    InfrastructureMode Infrastructure,
    Func<string, int> Replicas)
{
    /// <summary>Public port when none is configured.</summary>
    public const int DefaultPort = 8080;

    /// <summary>Replicas of each service when none is configured.</summary>
    public const int DefaultReplicas = 2;

    private const int MostReplicas = 16;

    /// <summary>
    /// Reads and checks the settings; an invalid value stops the AppHost saying what to fix.
    /// <paramref name="services"/> names the services whose replicas can be set one by one.
    /// </summary>
    public static DriveSettings Read(IDistributedApplicationBuilder builder, IReadOnlyCollection<string> services)
    {
        var section = builder.Configuration.GetSection("Drive");
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));

        var stateDirectory = section["StateDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, repositoryRoot)
            : Path.Combine(repositoryRoot, ".state");

        var replicas = section.GetSection("Replicas");
        var everyService = ReadReplicas("Drive:Replicas", replicas.Value) ?? DefaultReplicas;
        foreach (var perService in replicas.GetChildren())
        {
            var key = $"Drive:Replicas:{perService.Key}";
            if (!services.Contains(perService.Key))
            {
                throw new DriveSettingsException(
                    $"{key} names no service. Set the replicas of {string.Join(", ", services)}.");
            }

            // Empty is an error here (unlike an unset Drive:Replicas): someone meant to set it.
            ReadReplicas(key, string.IsNullOrWhiteSpace(perService.Value) ? "(empty)" : perService.Value);
        }

        return new DriveSettings(
            repositoryRoot,
            stateDirectory,
            ReadPort(section["Port"]),
            ReadMode(section["Infrastructure"]),
            service => ReadReplicas($"Drive:Replicas:{service}", replicas[service]) ?? everyService);
    }

    private static int? ReadPort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultPort;
        }

        if (!int.TryParse(value, out var port) || port is < 0 or > 65535)
        {
            throw new DriveSettingsException(
                $"Drive:Port is '{value}'. Set it to a TCP port (1-65535), or 0 to pick a free one.");
        }

        return port == 0 ? null : port;
    }

    private static int? ReadReplicas(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, out var count) && count is >= 1 and <= MostReplicas
            ? count
            : throw new DriveSettingsException(
                $"{key} is '{value}'. Set it to a whole number of replicas from 1 to {MostReplicas}.");
    }

    private static InfrastructureMode ReadMode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return InfrastructureMode.Auto;
        }

        return Enum.TryParse<InfrastructureMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new DriveSettingsException(
                $"Drive:Infrastructure is '{value}'. Set it to auto, processes or containers.");
    }
}
