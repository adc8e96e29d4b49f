using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.AppHost.Infrastructure;

/// <summary>
/// Health check for a server the AppHost starts itself: it resolves the resource's connection string once the
/// orchestrator has allocated its endpoint, then asks the server something real. Services <c>WaitFor</c> it.
/// </summary>
internal abstract class ServerHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    /// <summary>How long one probe may take before the server counts as not ready.</summary>
    protected static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken);
        if (string.IsNullOrEmpty(connectionString))
        {
            return HealthCheckResult.Unhealthy($"{resource.Name} has no connection string yet.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await ProbeAsync(connectionString, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException
                                          || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{resource.Name} is not ready: {exception.Message}", exception);
        }
    }

    /// <summary>Talks to the server; throws when it does not answer as a ready server would.</summary>
    protected abstract Task ProbeAsync(string connectionString, CancellationToken cancellationToken);
}

/// <summary>Registration helper so every server adds its check the same way.</summary>
internal static class ServerHealthCheckExtensions
{
    /// <summary>Registers <paramref name="create"/> with the AppHost's health checks and attaches it.</summary>
    public static IResourceBuilder<T> WithServerHealthCheck<T>(
        this IResourceBuilder<T> builder, Func<T, IHealthCheck> create)
        where T : IResource
    {
        var key = $"{builder.Resource.Name}_ready";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => create(builder.Resource), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
