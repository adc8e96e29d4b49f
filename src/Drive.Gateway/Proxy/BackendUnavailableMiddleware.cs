using Yarp.ReverseProxy.Forwarder;

namespace Drive.Gateway.Proxy;

/// <summary>
/// Turns YARP's own 502/503/504 (backend refused the connection, timed out, or has no healthy destination) into a
/// problem+json 503 with <c>Retry-After</c>. Answers the backend itself wrote pass through untouched.
/// </summary>
public sealed class BackendUnavailableMiddleware(
    RequestDelegate next, IProblemDetailsService problems, ILogger<BackendUnavailableMiddleware> logger)
{
    /// <summary>Runs the rest of the proxy pipeline and rewrites its failure, if any.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var failure = context.GetForwarderErrorFeature();
        if (failure is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested
            || context.Response.StatusCode is not (502 or 503 or 504))
        {
            return;
        }

        GatewayLog.BackendUnavailable(logger, context.Request.Method, context.Request.Path, failure.Error);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = GatewayProblems.RetryAfterSeconds.ToString();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = GatewayProblems.ServiceUnavailable(
                "The service behind this path is not answering right now. "
                + $"Retry in {GatewayProblems.RetryAfterSeconds} seconds; GET /health tells which service is down."),
        });
    }
}
