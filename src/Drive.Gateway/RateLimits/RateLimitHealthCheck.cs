using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.Gateway.RateLimits;

/// <summary>
/// Part of <c>/health</c> only (no tag, so never of <c>/ready</c>): degraded while this replica counts alone
/// because Redis cannot be reached, which still serves every request.
/// </summary>
internal sealed class RateLimitHealthCheck(SharedRateLimiter limiter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var result = limiter.CountingAloneSince() is { } since
            ? HealthCheckResult.Degraded(
                $"Redis unreachable since {since:u}: this replica limits alone, "
                    + $"at 1/{limiter.Replicas} of each budget.")
            : HealthCheckResult.Healthy("Budgets shared by every gateway replica through Redis.");
        return Task.FromResult(result);
    }
}
