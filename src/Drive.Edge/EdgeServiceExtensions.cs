using Drive.ReverseProxy;

namespace Drive.Edge;

/// <summary>
/// The local stand-in for a cloud ingress: one public port that spreads connections over the gateway replicas,
/// probes their <c>/ready</c>, and moves a failed request to another replica when that cannot do anything twice.
/// It holds no state and checks no tokens; everything else is the gateway's job.
/// </summary>
public static class EdgeServiceExtensions
{
    /// <summary>Adds the balanced proxy over the gateway replicas named by service discovery.</summary>
    public static WebApplicationBuilder AddEdge(this WebApplicationBuilder builder)
    {
        builder.AddBalancedProxy();
        return builder;
    }

    /// <summary>Maps error handling and the proxy.</summary>
    public static WebApplication MapEdge(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.MapBalancedProxy();
        return app;
    }
}
