using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Drive.Edge.Caching;

/// <summary>
/// The edge cache's one rule, which is a shared cache's: it decides nothing itself and keeps what the origin marked
/// for shared caches. A GET or HEAD without credentials is looked up by its whole URL (query string included, so a
/// signed URL is its own entry) and its Origin header; a 200 answer is kept for its <c>s-maxage</c> or
/// <c>max-age</c> (less its <c>Age</c>) only when it is <c>public</c>, neither <c>private</c>, <c>no-store</c> nor
/// <c>no-cache</c>, sets no cookie and does not vary by everything. Every other answer passes through unkept.
/// </summary>
internal sealed class HttpCachePolicy : IOutputCachePolicy
{
    /// <summary>The name routes give as their <c>OutputCachePolicy</c>.</summary>
    public const string Name = "http";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(HeaderNames.Authorization);

        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = HeaderNames.Origin;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var lifetime = SharedLifetime(context.HttpContext.Response);
        context.AllowCacheStorage = lifetime is not null;
        if (lifetime is { } kept)
        {
            context.ResponseExpirationTimeSpan = kept;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>How long a shared cache may keep <paramref name="response"/>, or null when it may not.</summary>
    internal static TimeSpan? SharedLifetime(HttpResponse response)
    {
        var headers = response.Headers;
        if (response.StatusCode != StatusCodes.Status200OK
            || headers.ContainsKey(HeaderNames.SetCookie)
            || headers.Vary.Any(value => value?.Contains('*') == true)
            || !CacheControlHeaderValue.TryParse(new StringSegment(headers.CacheControl.ToString()), out var control)
            || control is null || !control.Public || control.Private || control.NoStore || control.NoCache)
        {
            return null;
        }

        var age = long.TryParse(headers.Age.ToString(), out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
        var lifetime = (control.SharedMaxAge ?? control.MaxAge) - age;
        return lifetime > TimeSpan.Zero ? lifetime : null;
    }
}
