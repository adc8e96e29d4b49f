using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>Fails readiness while the replica drains, so balancers route around it before it stops listening.</summary>
internal sealed class DrainingHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(state.IsDraining
            ? HealthCheckResult.Unhealthy("Shutting down; finishing the requests in flight.")
            : HealthCheckResult.Healthy());
}
