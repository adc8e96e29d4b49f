using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Drive.ReverseProxy;

/// <summary>
/// Sends a request that failed in transport to another healthy destination of its cluster, when that cannot do
/// anything twice: the connection was never opened (nothing reached the backend), or the request is idempotent
/// (GET, HEAD, OPTIONS, or a route whose metadata says <c>Idempotent: true</c>, such as completing an upload,
/// which answers the same item however often it is called) and no byte of the answer has reached the client.
/// </summary>
internal sealed class RetryOnAnotherDestinationMiddleware(
    RequestDelegate next, IOptions<BalancedProxyOptions> options, ILogger<RetryOnAnotherDestinationMiddleware> logger)
{
    /// <summary>Route metadata key that marks a non-GET route as safe to repeat.</summary>
    public const string IdempotentMetadata = "Idempotent";

    public async Task InvokeAsync(HttpContext context)
    {
        // Load balancing narrows AvailableDestinations to the one it picks, so the candidates are kept here.
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        var tried = new List<DestinationState>();

        for (var attempt = 1; ; attempt++)
        {
            await next(context);

            var failure = context.GetForwarderErrorFeature();
            var failed = proxy.ProxiedDestination;
            if (failure is null || failed is null || attempt >= options.Value.MaxAttempts
                || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
                || !CanRepeat(context, proxy, failure))
            {
                return;
            }

            tried.Add(failed);
            var remaining = candidates.Where(d => !tried.Contains(d)).ToList();
            if (remaining.Count == 0)
            {
                return;
            }

            ProxyLog.Retrying(
                logger, context.Request.Method, context.Request.Path, failed.DestinationId, failure.Error);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = remaining;
            proxy.ProxiedDestination = null;
        }
    }

    private static bool CanRepeat(HttpContext context, IReverseProxyFeature proxy, IForwarderErrorFeature failure)
    {
        if (failure.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut))
        {
            return false;
        }

        if (NeverConnected(failure.Exception))
        {
            return true;
        }

        var method = context.Request.Method;
        var idempotentRoute = proxy.Route.Config.Metadata?.TryGetValue(IdempotentMetadata, out var flag) == true
            && bool.TryParse(flag, out var idempotent) && idempotent;
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        return !hasBody && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || idempotentRoute);
    }

    private static bool NeverConnected(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
            {
                return true;
            }
        }

        return false;
    }
}
