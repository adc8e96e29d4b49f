using Drive.ReverseProxy;

namespace Drive.Edge;

/// <summary>
/// The local stand-in for a cloud ingress: one public port that spreads connections over the gateway replicas,
/// probes their <c>/ready</c>, and moves a failed request to another replica when that cannot do anything twice.
/// It holds no state and checks no tokens; everything else is the gateway's job. As the outermost hop it trusts no
/// proxy unless <c>Drive:TrustedProxies</c> names one, so the <c>X-Forwarded-For</c> it sends the gateway is its own
/// socket peer, and whatever the client sent in that header is dropped.
/// </summary>
public static class EdgeServiceExtensions
{
    /// <summary>Adds the balanced proxy over the gateway replicas named by service discovery.</summary>
    public static WebApplicationBuilder AddEdge(this WebApplicationBuilder builder)
    {
        builder.AddTrustedProxies();
        builder.AddBalancedProxy();
        return builder;
    }

    /// <summary>Maps the client's address from a trusted proxy, error handling and the proxy.</summary>
    public static WebApplication MapEdge(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.MapBalancedProxy();
        return app;
    }
}
