using Drive.Edge.Caching;
using Drive.ReverseProxy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Drive.Edge;

/// <summary>
/// The local stand-in for a cloud ingress and CDN: one public port that spreads connections over the gateway replicas,
/// probes their <c>/ready</c>, and moves a failed request to another replica when that cannot do anything twice; and
/// a shared cache in front of the routes that name one (the web app's hashed assets, and thumbnails, which it fetches
/// from blob storage with their signed URL). It checks no tokens; everything else is the gateway's job. As the
/// outermost hop it trusts no proxy unless <c>Drive:TrustedProxies</c> names one, so the <c>X-Forwarded-For</c> it
/// sends the gateway is its own socket peer, and whatever the client sent in that header is dropped.
/// </summary>
public static class EdgeServiceExtensions
{
    /// <summary>Adds the balanced proxy over the gateway replicas named by service discovery, and the cache.</summary>
    public static WebApplicationBuilder AddEdge(this WebApplicationBuilder builder)
    {
        builder.AddTrustedProxies();
        builder.AddBalancedProxy();

        builder.Services.AddOptions<EdgeCacheOptions>().BindConfiguration(EdgeCacheOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOutputCache(options => options.AddPolicy(HttpCachePolicy.Name, new HttpCachePolicy()));
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<EdgeCacheOptions>>((output, cache) =>
        {
            output.SizeLimit = cache.Value.SizeLimitBytes;
            output.MaximumBodySize = cache.Value.MaximumBodyBytes;
        });
        builder.Services.AddSingleton<EdgeCacheMetrics>();
        return builder;
    }

    /// <summary>Maps the client's address from a trusted proxy, error handling, the cache and the proxy.</summary>
    public static WebApplication MapEdge(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseEdgeCache();
        app.MapGet("/media/{**rest}", MediaNotHere);
        app.MapBalancedProxy();
        return app;
    }

    /// <summary>Only thumbnails are public media; everything else in blob storage is reached by its own signed URL.</summary>
    private static ProblemHttpResult MediaNotHere(HttpContext context) =>
        TypedResults.Problem(
            title: "No such media",
            detail: $"{context.Request.Path} is not served here: only /media/thumbnails/ is; a file's content comes "
                + "from the URL that GET /api/items/{id}/content redirects to.",
            statusCode: StatusCodes.Status404NotFound);
}
