using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Drive.ReverseProxy;

/// <summary>
/// The proxies in front of this process whose <c>X-Forwarded-For</c> is believed (section
/// <c>Drive:TrustedProxies</c>). Nobody is trusted unless named here, loopback included: a request from anyone else
/// keeps its socket's address, whatever it claims.
/// </summary>
public sealed record TrustedProxiesOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Drive:TrustedProxies";

    /// <summary>Single proxy addresses, e.g. <c>127.0.0.1</c> for the local edge.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>Networks in CIDR notation, e.g. <c>10.244.0.0/16</c> for an ingress running on a pod network.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];
}

/// <summary>Resolves the client's address from <c>X-Forwarded-For</c> only when a trusted proxy sent it.</summary>
public static class TrustedProxiesExtensions
{
    /// <summary>
    /// Binds <see cref="TrustedProxiesOptions"/> (checked at start: every address and network must parse) and sets
    /// the forwarded-headers middleware to believe the last <c>X-Forwarded-For</c> hop from those proxies only.
    /// </summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxiesOptions>()
            .BindConfiguration(TrustedProxiesOptions.Section)
            .Validate(
                options => options.Addresses.All(a => IPAddress.TryParse(a, out _))
                    && options.Networks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                $"{TrustedProxiesOptions.Section}: give addresses as e.g. 127.0.0.1 and networks as e.g. 10.0.0.0/8.")
            .ValidateOnStart();

        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<TrustedProxiesOptions>>((forwarded, trusted) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
                forwarded.ForwardLimit = 1;
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var address in trusted.Value.Addresses)
                {
                    if (IPAddress.TryParse(address, out var parsed))
                    {
                        forwarded.KnownProxies.Add(parsed);
                    }
                }

                foreach (var network in trusted.Value.Networks)
                {
                    if (System.Net.IPNetwork.TryParse(network, out var parsed))
                    {
                        forwarded.KnownIPNetworks.Add(parsed);
                    }
                }
            });
        return builder;
    }

    /// <summary>
    /// Replaces the connection's remote address with the one a trusted proxy forwarded. The proxy of
    /// <see cref="BalancedProxyExtensions"/> then forwards that address as the only <c>X-Forwarded-For</c> value
    /// (YARP's default transform sets the header, dropping what the client sent). With no proxy trusted the
    /// middleware is left out altogether: given empty lists it would believe every sender.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<TrustedProxiesOptions>>().Value;
        return trusted.Addresses.Count == 0 && trusted.Networks.Count == 0 ? app : app.UseForwardedHeaders();
    }
}
