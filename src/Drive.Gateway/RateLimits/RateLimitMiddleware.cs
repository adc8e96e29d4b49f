using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Drive.Gateway.RateLimits;

/// <summary>
/// Spends one unit of the request's budget before anything else handles it. Every answer carries the rate-limit
/// fields, except one marked <c>public</c> (the web app's hashed assets), which a shared cache keeps for everyone and so
/// must not carry one client's count; a request over its budget gets 429 problem+json with <c>Retry-After</c> and goes
/// no further.
/// </summary>
internal sealed class RateLimitMiddleware(
    RequestDelegate next, SharedRateLimiter limiter, ILogger<RateLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (RateLimitPartition.Of(context) is not { } partition)
        {
            await next(context);
            return;
        }

        var decision = await limiter.AcquireAsync(partition, context.RequestAborted);
        if (decision.Allowed)
        {
            // On starting: the proxy clears the response before it retries on another replica.
            context.Response.OnStarting(() =>
            {
                if (!ForSharedCaches(context.Response))
                {
                    RateLimitHeaders.Write(context.Response.Headers, partition.Policy, decision);
                }

                return Task.CompletedTask;
            });
            await next(context);
            return;
        }

        GatewayLog.RequestLimited(logger, RateLimitHeaders.PolicyName(partition.Policy), context.Request.Method);
        RateLimitHeaders.Write(context.Response.Headers, partition.Policy, decision);
        await Results.Problem(TooManyRequests(partition.Policy, decision)).ExecuteAsync(context);
    }

    private static bool ForSharedCaches(HttpResponse response) =>
        CacheControlHeaderValue.TryParse(response.Headers.CacheControl.ToString(), out var control) && control.Public;

    private static ProblemDetails TooManyRequests(RateLimitPolicy policy, RateLimitDecision decision) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        Title = "Too many requests",
        Detail = $"{What(policy)}: at most {decision.Limit} every {Describe(decision.Window)}. "
            + $"Wait {decision.RetryAfterSeconds} s (Retry-After) before trying again.",
        Extensions = { ["policy"] = RateLimitHeaders.PolicyName(policy) },
    };

    private static string What(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.SignIn => "Too many sign-in and sign-up attempts from this address",
        RateLimitPolicy.Anonymous => "Too many requests without a valid access token from this address",
        RateLimitPolicy.Read => "Too many reads for this user",
        RateLimitPolicy.Write => "Too many changes for this user",
        RateLimitPolicy.UploadStart => "Too many uploads started for this user",
        _ => "Too many requests",
    };

    private static string Describe(TimeSpan window) =>
        window.TotalSeconds % 60 == 0 ? $"{window.TotalMinutes:0} min" : $"{window.TotalSeconds:0.###} s";
}
