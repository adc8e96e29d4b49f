using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.Web.FrontEnd;

/// <summary>Not ready while the single-page app has not been built.</summary>
internal sealed class FrontEndHealthCheck(FrontEndFiles files) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var result = files.IsBuilt
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{files.IndexPath} is missing: {FrontEndEndpoints.BuildHint}");
        return Task.FromResult(result);
    }
}
