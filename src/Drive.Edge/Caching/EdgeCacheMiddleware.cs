using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Model;

namespace Drive.Edge.Caching;

/// <summary>
/// Wraps the output cache on the routes that have one. Before it: a route whose metadata says <c>SignedUrl: true</c>
/// is authorised by the signature in its URL alone, so the request's Authorization and Cookie headers are dropped
/// (they would split the cache by user and mean nothing to the origin). After it: <c>X-Cache: HIT</c> when the
/// cache answered, <c>MISS</c> when the request went on to the origin, and the same in
/// <see cref="EdgeCacheMetrics"/>.
/// </summary>
internal static class EdgeCacheMiddleware
{
    /// <summary>The response header that tells whether the edge cache answered.</summary>
    public const string CacheHeader = "X-Cache";

    /// <summary>Route metadata key marking routes whose URL carries its own signature.</summary>
    public const string SignedUrlMetadata = "SignedUrl";

    /// <summary>Adds the output cache between the two halves described above.</summary>
    public static WebApplication UseEdgeCache(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<EdgeCacheMetrics>();
        app.Use((context, next) =>
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
            if (route?.OutputCachePolicy is null)
            {
                return next(context);
            }

            if (route.Metadata?.GetValueOrDefault(SignedUrlMetadata) == "true")
            {
                context.Request.Headers.Remove(HeaderNames.Authorization);
                context.Request.Headers.Remove(HeaderNames.Cookie);
            }

            var forwarded = new ForwardedMark();
            context.Features.Set(forwarded);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CacheHeader] = forwarded.Value ? "MISS" : "HIT";
                metrics.Count(route.RouteId, hit: !forwarded.Value);
                return Task.CompletedTask;
            });
            return next(context);
        });

        app.UseOutputCache();
        app.Use((context, next) =>
        {
            context.Features.Get<ForwardedMark>()?.Value = true;
            return next(context);
        });
        return app;
    }

    /// <summary>Set once the request got past the cache, that is, the cache did not answer it.</summary>
    private sealed class ForwardedMark
    {
        public bool Value { get; set; }
    }
}
