using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.Gateway.Health;

/// <summary>
/// Healthy when every replica of a backend answers 200 on its own <c>/health</c>, degraded (still ready: the
/// balancer routes around the others) when some do, unhealthy when none does. The description counts replicas and
/// names no address, since <c>/health</c> answers anyone.
/// </summary>
public sealed class BackendHealthCheck(BackendProbe probe, string service) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replicas = await probe.ProbeReplicasAsync(service, cancellationToken);
        var healthy = replicas.Count(ok => ok);
        var summary = $"{healthy} of {replicas.Count} {service} replicas healthy";
        return healthy == replicas.Count && healthy > 0 ? HealthCheckResult.Healthy(summary)
            : healthy > 0 ? HealthCheckResult.Degraded(summary)
            : HealthCheckResult.Unhealthy(summary);
    }
}
