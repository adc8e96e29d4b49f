using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Drive.ReverseProxy;

/// <summary>
/// Turns YARP's own 502/503/504 (backend refused the connection, timed out, or has no healthy destination) into a
/// problem+json 503 with <c>Retry-After</c>. Answers the backend itself wrote pass through untouched.
/// </summary>
internal sealed class BackendUnavailableMiddleware(
    RequestDelegate next,
    IProblemDetailsService problems,
    IOptions<BalancedProxyOptions> options,
    ILogger<BackendUnavailableMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var failure = context.GetForwarderErrorFeature();
        if (failure is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
            || context.Response.StatusCode is not (502 or 503 or 504))
        {
            return;
        }

        ProxyLog.BackendUnavailable(logger, context.Request.Method, context.Request.Path, failure.Error);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ProxyProblems.RetryAfterSeconds.ToString();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProxyProblems.ServiceUnavailable(
                $"The service behind this path is not answering right now. Retry in {ProxyProblems.RetryAfterSeconds} "
                + $"seconds. {options.Value.UnavailableHint}".TrimEnd()),
        });
    }
}
