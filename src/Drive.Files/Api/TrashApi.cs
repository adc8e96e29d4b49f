using System.Security.Claims;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Api;

/// <summary>/api/trash: what was trashed, and deletion for good.</summary>
public static class TrashApi
{
    public static IEndpointRouteBuilder MapTrashApi(this IEndpointRouteBuilder routes)
    {
        var trash = routes.MapGroup("/api/trash").WithTags("Trash").RequireAuthorization();
        trash.MapGet("/", ListAsync).WithName("ListTrash");
        trash.MapDelete("/{id:guid}", PurgeAsync).WithName("PurgeItem");
        return routes;
    }

    /// <summary>The items trashed themselves (not those trashed with a folder), newest first.</summary>
    public static async Task<Ok<ItemPage>> ListAsync(
        ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        TypedResults.Ok(await items.ListTrashAsync(user.GetUserId(), cancellationToken));

    /// <summary>Deletes a trashed item, everything under it and their blobs, for good.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> PurgeAsync(
        Guid id, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        (await items.PurgeAsync(user.GetUserId(), id, cancellationToken)).ToNoContent();
}
