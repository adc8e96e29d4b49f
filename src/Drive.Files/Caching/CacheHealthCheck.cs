using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Drive.Files.Caching;

/// <summary>
/// Reports the cache in <c>/health</c>: degraded, never unhealthy, while Redis is unreachable, since reads and
/// writes go on against PostgreSQL. It carries no readiness tag, so a Redis outage never takes a replica out of
/// the balancers.
/// </summary>
public sealed class CacheHealthCheck(IOptions<CacheOptions> options, CacheStore? store = null) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !options.Value.Enabled || store is null ? HealthCheckResult.Healthy("Cache off by configuration")
            : store.IsUsable ? HealthCheckResult.Healthy(store.State)
            : HealthCheckResult.Degraded(store.State));
}

/// <summary>Every second, lets a replica that lost Redis start a new epoch once Redis answers again.</summary>
public sealed class CacheRecovery(CacheStore store, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await store.RecoverAsync();
        }
    }
}
