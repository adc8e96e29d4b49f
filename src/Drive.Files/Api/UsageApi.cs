using System.Security.Claims;
using Drive.Files.Caching;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Api;

/// <summary>/api/usage: bytes used and the quota.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/usage").WithTags("Usage").RequireAuthorization()
            .MapGet("/", GetAsync).WithName("GetUsage");
        return routes;
    }

    /// <summary>The caller's used bytes and quota; 304 when <c>If-None-Match</c> names its ETag.</summary>
    public static async Task<Results<Ok<UsageResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, CachedReads reads, HttpContext context, CancellationToken cancellationToken) =>
        ((Result<Tagged<UsageResponse>>)await reads.GetUsageAsync(user.GetUserId(), cancellationToken))
            .ToConditionalOk(context);
}
