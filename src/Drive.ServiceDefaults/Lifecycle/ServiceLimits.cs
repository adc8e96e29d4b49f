using System.Data.Common;

namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>
/// The vertical knobs of one replica (section <c>Drive:Limits</c>). Unset values are sized from the CPU count the
/// process sees, which in a container is its CPU limit.
/// </summary>
public sealed record ServiceLimits
{
    /// <summary>The configuration section these limits are read from.</summary>
    public const string Section = "Drive:Limits";

    /// <summary>
    /// Worker threads the thread pool creates without its slow ramp-up. Default: 4 per CPU, so a burst of requests
    /// waiting on PostgreSQL or storage does not stall behind thread injection.
    /// </summary>
    public int? MinWorkerThreads { get; init; }

    /// <summary>Open client connections Kestrel accepts before it refuses more. Default: 1,000 per CPU.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Largest request body Kestrel reads, in bytes. File bytes never pass through; default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Time a client has to send its request headers.</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time an idle keep-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>PostgreSQL connections one replica may hold. Default: 10 per CPU, at least 20.</summary>
    public int? DatabasePoolSize { get; init; }

    /// <summary><see cref="MinWorkerThreads"/> or its default.</summary>
    public int WorkerThreads => MinWorkerThreads ?? 4 * Environment.ProcessorCount;

    /// <summary><see cref="MaxConnections"/> or its default.</summary>
    public int Connections => MaxConnections ?? 1000 * Environment.ProcessorCount;

    /// <summary><see cref="DatabasePoolSize"/> or its default.</summary>
    public int DatabaseConnections => DatabasePoolSize ?? Math.Max(20, 10 * Environment.ProcessorCount);

    /// <summary>A PostgreSQL connection string with its pool capped at <see cref="DatabaseConnections"/>.</summary>
    public string? CapPool(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        builder["Maximum Pool Size"] = DatabaseConnections;
        return builder.ConnectionString;
    }
}
