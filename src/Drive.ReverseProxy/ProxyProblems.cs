using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Drive.ReverseProxy;

/// <summary>The problem+json answers a Drive proxy writes itself.</summary>
public static class ProxyProblems
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
}
