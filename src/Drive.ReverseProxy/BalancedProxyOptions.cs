namespace Drive.ReverseProxy;

/// <summary>How a Drive proxy reaches and retries its destinations (section <c>Drive:Proxy</c>).</summary>
public sealed record BalancedProxyOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Drive:Proxy";

    /// <summary>Time allowed to open a connection to a destination before trying another.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Most destinations one request is sent to, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// How long failed requests count against a destination in the passive health check. A destination taken out
    /// for failing too many requests is only tried again once this has passed (YARP waits for the longer of this and
    /// the cluster's <c>ReactivationPeriod</c>), so a replica restarted after a crash rejoins within about this long.
    /// YARP's own default is a minute.
    /// </summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A sentence added to the 503 problem that tells the client where to look next.</summary>
    public string UnavailableHint { get; init; } = "";
}
