using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.Gateway.Health;

/// <summary>Healthy when one backend's own <c>GET /health</c> answers 200.</summary>
public sealed class BackendHealthCheck(BackendProbe probe, string service) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await probe.GetHealthAsync(service, cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{service} answered {(int)response.StatusCode} on /health");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy($"{service} could not be reached: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{service} did not answer in time");
        }
    }
}
