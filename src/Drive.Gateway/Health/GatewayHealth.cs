using System.Text.Json;
using Drive.ReverseProxy;
using Drive.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.ServiceDiscovery;

namespace Drive.Gateway.Health;

/// <summary>
/// Makes the gateway's <c>/health</c> (mapped by <c>MapDefaultEndpoints</c>) ready only when every backend is,
/// and makes it say which ones are not.
/// </summary>
public static class GatewayHealth
{
    /// <summary>
    /// Tag of the per-backend checks: part of <c>/health</c>, not of the gateway's own <c>/ready</c>, so a backend
    /// that is down makes the gateway answer 503 for its paths instead of taking the gateway out of the balancer.
    /// </summary>
    public const string BackendTag = "backend";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Adds one readiness check per backend and the JSON answer of <c>/health</c>.</summary>
    public static IServiceCollection AddBackendHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton(provider => new BackendProbe(
            provider.GetRequiredService<ServiceEndpointResolver>(), ProbeTimeout));

        var checks = services.AddHealthChecks();
        foreach (var service in Backends.All)
        {
            checks.Add(new HealthCheckRegistration(
                service,
                provider => new BackendHealthCheck(provider.GetRequiredService<BackendProbe>(), service),
                HealthStatus.Unhealthy,
                [GatewayHealth.BackendTag],
                ProbeTimeout));
        }

        // MapHealthChecks without explicit options reads these; /alive passes its own and keeps plain text.
        services.Configure<HealthCheckOptions>(options => options.ResponseWriter = WriteAsync);
        return services;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var services = report.Entries.ToDictionary(
            e => e.Key == "self" ? "gateway" : e.Key,
            e => new ServiceHealth(e.Value.Status.ToString(), e.Value.Description));

        // Degraded (some replicas of a backend down) still serves every path: 200, with the counts.
        if (report.Status != HealthStatus.Unhealthy)
        {
            return context.Response.WriteAsJsonAsync(new HealthyAnswer(report.Status.ToString(), services));
        }

        var failing = string.Join(
            ", ", services.Where(s => s.Value.Status == nameof(HealthStatus.Unhealthy)).Select(s => s.Key));
        context.Response.Headers.RetryAfter = ProxyProblems.RetryAfterSeconds.ToString();
        var problem = new NotReadyProblem(
            "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            "Not ready",
            context.Response.StatusCode,
            $"Not ready: {failing}. Wait for these services to start, or read their logs.",
            services);
        return context.Response.WriteAsJsonAsync(problem, JsonSerializerOptions.Web, "application/problem+json");
    }

    private sealed record ServiceHealth(string Status, string? Description);

    private sealed record HealthyAnswer(string Status, IReadOnlyDictionary<string, ServiceHealth> Services);

    private sealed record NotReadyProblem(
        string Type, string Title, int Status, string Detail, IReadOnlyDictionary<string, ServiceHealth> Services);
}
