using System.Security.Claims;
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

    /// <summary>The caller's used bytes and quota.</summary>
    public static async Task<Ok<UsageResponse>> GetAsync(
        ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        TypedResults.Ok(await items.GetUsageAsync(user.GetUserId(), cancellationToken));
}
