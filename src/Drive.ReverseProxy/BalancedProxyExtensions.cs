using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Yarp.ReverseProxy.Health;

namespace Drive.ReverseProxy;

/// <summary>
/// The proxy the edge and the gateway share: routes and clusters from the <c>ReverseProxy</c> section, each
/// destination expanded by service discovery into every replica it names, requests sent only to replicas whose
/// readiness probe passed (policy <c>ReadyOnly</c>), failed requests moved to another replica when that is safe, and
/// YARP's own failures answered as problem+json 503.
/// </summary>
public static class BalancedProxyExtensions
{
    /// <summary>
    /// Adds the proxy with its configuration, service-discovery destinations, connect timeout and passive failure window.
    /// </summary>
    public static IHostApplicationBuilder AddBalancedProxy(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BalancedProxyOptions.Section);
        var options = section.Get<BalancedProxyOptions>() ?? new BalancedProxyOptions();
        builder.Services.Configure<BalancedProxyOptions>(section);
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(
            passive => passive.DetectionWindowSize = options.FailureWindow);

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .ConfigureHttpClient((_, handler) => handler.ConnectTimeout = options.ConnectTimeout);
        builder.Services.AddSingleton<IAvailableDestinationsPolicy, ReadyDestinationsPolicy>();
        return builder;
    }

    /// <summary>Maps the proxy: 503 problems outermost, then retries, affinity, balancing and passive health.</summary>
    public static IEndpointConventionBuilder MapBalancedProxy(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<BackendUnavailableMiddleware>();
            proxy.UseMiddleware<RetryOnAnotherDestinationMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
}
