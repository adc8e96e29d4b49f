using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Drive.Edge.Caching;

/// <summary>
/// The edge cache's one rule, which is a shared cache's: it decides nothing itself and keeps what the origin marked
/// for shared caches. A GET or HEAD without credentials is looked up by its whole URL (query string included, so a
/// signed URL is its own entry) and its Origin header; a 200 answer is kept for its <c>s-maxage</c> or
/// <c>max-age</c> (less its <c>Age</c>) only when it is <c>public</c>, neither <c>private</c>, <c>no-store</c> nor
/// <c>no-cache</c>, sets no cookie and does not vary by everything, and never past the expiry (<c>se</c>) of the
/// signature in its URL. The Host header is not part of the key (the edge serves one site), and a query string with a
/// parameter no blob signature uses is never looked up nor kept, so made-up parameters cannot fill the cache with
/// copies or, through operation parameters such as <c>comp</c>, with other answers. Every other answer passes through
/// unkept.
/// </summary>
internal sealed class HttpCachePolicy : IOutputCachePolicy
{
    /// <summary>The name routes give as their <c>OutputCachePolicy</c>.</summary>
    public const string Name = "http";

    // The parameters of a blob service SAS and its response overrides; storage ignores nothing else it is sent.
    private static readonly HashSet<string> SignatureParameters = new(StringComparer.Ordinal)
    {
        "sv", "ss", "srt", "sr", "sp", "st", "se", "sip", "spr", "si", "sig", "ses", "sdd",
        "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid",
        "rscc", "rscd", "rsce", "rscl", "rsct",
    };

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var cacheable = IsCacheable(context.HttpContext.Request);

        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByHost = false;
        context.CacheVaryByRules.HeaderNames = HeaderNames.Origin;
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) =>
        ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var lifetime = StorageLifetime(context.HttpContext.Request, context.HttpContext.Response, DateTimeOffset.UtcNow);
        context.AllowCacheStorage = lifetime is not null;
        if (lifetime is { } kept)
        {
            context.ResponseExpirationTimeSpan = kept;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether <paramref name="request"/> may be answered from the cache and its answer kept.</summary>
    internal static bool IsCacheable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Headers.ContainsKey(HeaderNames.Authorization)
        && request.Query.Keys.All(SignatureParameters.Contains);

    /// <summary>
    /// How long the edge keeps the answer to <paramref name="request"/>: the shared lifetime the origin gave it, cut
    /// short at the expiry of the URL's signature; null when it is not kept.
    /// </summary>
    internal static TimeSpan? StorageLifetime(HttpRequest request, HttpResponse response, DateTimeOffset now)
    {
        var kept = SharedLifetime(response);
        return (kept, SignatureLifetime(request, now)) switch
        {
            (null, _) => null,
            ({ } shared, null) => shared,
            ({ } shared, { } signed) => signed > TimeSpan.Zero ? (shared < signed ? shared : signed) : null,
        };
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

    /// <summary>
    /// How long the signature in <paramref name="request"/>'s URL stays valid (its <c>se</c>), zero once it has
    /// expired, or null when the URL carries no expiry.
    /// </summary>
    internal static TimeSpan? SignatureLifetime(HttpRequest request, DateTimeOffset now)
    {
        if (!request.Query.TryGetValue("se", out var expiry))
        {
            return null;
        }

        return DateTimeOffset.TryParse(expiry.ToString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt)
            && expiresAt > now
            ? expiresAt - now
            : TimeSpan.Zero;
    }
}
