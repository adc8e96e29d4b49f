using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>Registers graceful shutdown and applies the <see cref="ServiceLimits"/> of a replica.</summary>
public static class LifecycleExtensions
{
    /// <summary>
    /// Adds the drain-then-stop sequence, its readiness check, the shutdown timeout, and the thread-pool and Kestrel
    /// limits read from configuration.
    /// </summary>
    public static TBuilder AddReplicaLifecycle<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>()
            ?? new ShutdownOptions();
        builder.Services.Configure<ShutdownOptions>(builder.Configuration.GetSection(ShutdownOptions.Section));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout + shutdown.DrainDelay);
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<DrainOnShutdown>();
        builder.Services.AddHealthChecks()
            .AddCheck<DrainingHealthCheck>("draining", tags: [HostingExtensions.ReadyTag]);

        var limits = builder.GetServiceLimits();
        ThreadPool.GetMinThreads(out _, out var completionPortThreads);
        ThreadPool.SetMinThreads(Math.Max(1, limits.WorkerThreads), completionPortThreads);
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(
            new ConfigureOptions<KestrelServerOptions>(kestrel => ApplyTo(kestrel, limits)));
        return builder;
    }

    /// <summary>This replica's limits from <c>Drive:Limits</c>, defaults filled in.</summary>
    public static ServiceLimits GetServiceLimits(this IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(ServiceLimits.Section).Get<ServiceLimits>() ?? new ServiceLimits();

    private static void ApplyTo(KestrelServerOptions kestrel, ServiceLimits limits)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxConcurrentConnections = limits.Connections;
        kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
    }
}
