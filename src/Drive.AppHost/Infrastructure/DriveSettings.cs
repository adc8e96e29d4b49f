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
/// <c>--Drive:GatewayPort=9090</c> or environment <c>Drive__GatewayPort=9090</c>).
/// </summary>
/// <param name="RepositoryRoot">The repository's root folder (tools/ and the default state folder live there).</param>
/// <param name="StateDirectory">Folder holding every local server's data; it survives restarts.</param>
/// <param name="GatewayPort">
/// Public HTTP port of the gateway; null lets Aspire pick a free one. Always null in a deployment manifest: azd maps the
/// gateway's endpoint to the Container App's ingress, which takes only port 80 for HTTP and refuses any other.
/// </param>
/// <param name="Infrastructure">Whether servers run as containers or as local processes.</param>
internal sealed record DriveSettings(
    string RepositoryRoot, string StateDirectory, int? GatewayPort, InfrastructureMode Infrastructure)
{
    /// <summary>Gateway port when none is configured.</summary>
    public const int DefaultGatewayPort = 8080;

    /// <summary>Reads and checks the settings; an invalid value stops the AppHost saying what to fix.</summary>
    public static DriveSettings Read(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Drive");
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));

        var stateDirectory = section["StateDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, repositoryRoot)
            : Path.Combine(repositoryRoot, ".state");

        var gatewayPort = builder.ExecutionContext.IsPublishMode ? null : ReadGatewayPort(section["GatewayPort"]);
        return new DriveSettings(repositoryRoot, stateDirectory, gatewayPort, ReadMode(section["Infrastructure"]));
    }

    private static int? ReadGatewayPort(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultGatewayPort;
        }

        if (!int.TryParse(value, out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException(
                $"Drive:GatewayPort is '{value}'. Set it to a TCP port (1-65535), or 0 to let Aspire pick a free one.");
        }

        return port == 0 ? null : port;
    }

    private static InfrastructureMode ReadMode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return InfrastructureMode.Auto;
        }

        return Enum.TryParse<InfrastructureMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException(
                $"Drive:Infrastructure is '{value}'. Set it to auto, processes or containers.");
    }
}
