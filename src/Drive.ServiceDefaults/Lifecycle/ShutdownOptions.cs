namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>
/// How a replica leaves (section <c>Drive:Shutdown</c>): it first answers not-ready for <see cref="DrainDelay"/> so
/// load balancers stop choosing it, then stops listening and gives requests in flight up to <see cref="Timeout"/>.
/// </summary>
public sealed record ShutdownOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Drive:Shutdown";

    /// <summary>
    /// Time between SIGTERM and closing the listening socket, while <c>/ready</c> answers 503. Longer than the
    /// balancers' health-probe interval, so each has seen the replica leave before it stops accepting.
    /// </summary>
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The most time requests still in flight get once the replica stops listening.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
