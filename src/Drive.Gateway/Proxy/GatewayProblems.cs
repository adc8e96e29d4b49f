using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Drive.Gateway.Proxy;

/// <summary>The problem+json answers the gateway writes itself.</summary>
public static class GatewayProblems
{
    /// <summary>Seconds a client is asked to wait after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>A 503 with <c>Retry-After</c> for a backend that cannot answer now.</summary>
    public static ProblemDetails ServiceUnavailable(string detail) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Service unavailable",
        Detail = detail,
    };

    /// <summary>
    /// Makes a malformed body a 400 and gives framework-made problems (such as the 401 of a missing or invalid
    /// token) a detail that says what to fix.
    /// </summary>
    public static IServiceCollection AddGatewayProblemDefaults(this IServiceCollection services)
    {
        services.Configure<ExceptionHandlerOptions>(options =>
            options.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : 500);

        services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized =>
                    "Send a valid access token as 'Authorization: Bearer <token>'; sign in or refresh to get one.",
                StatusCodes.Status403Forbidden => "This access token does not allow this request.",
                StatusCodes.Status404NotFound => "There is nothing at this path. Check the API reference at /api/docs.",
                StatusCodes.Status405MethodNotAllowed => "This path does not accept this HTTP method.",
                _ => null,
            };
        });
        return services;
    }
}
