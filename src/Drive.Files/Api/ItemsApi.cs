using System.Security.Claims;
using Drive.Files.Caching;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Api;

/// <summary>/api/items: read, rename, move, trash and restore an item, and fetch its content or thumbnail.</summary>
public static class ItemsApi
{
    public static IEndpointRouteBuilder MapItemsApi(this IEndpointRouteBuilder routes)
    {
        var items = routes.MapGroup("/api/items").WithTags("Items").RequireAuthorization();
        items.MapGet("/{id:guid}", GetAsync).WithName("GetItem");
        items.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateItem");
        items.MapDelete("/{id:guid}", TrashAsync).WithName("TrashItem");
        items.MapPost("/{id:guid}/restore", RestoreAsync).WithName("RestoreItem");
        items.MapGet("/{id:guid}/content", GetContentAsync).WithName("DownloadItem");
        items.MapGet("/{id:guid}/thumbnail", GetThumbnailAsync).WithName("GetThumbnail");
        return routes;
    }

    /// <summary>An item, trashed or not; 304 when <c>If-None-Match</c> names its ETag.</summary>
    public static async Task<Results<Ok<ItemResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, CachedReads reads, HttpContext context, CancellationToken cancellationToken) =>
        (await reads.GetItemAsync(user.GetUserId(), id, cancellationToken)).ToConditionalOk(context);

    /// <summary>Renames and/or moves an item.</summary>
    public static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateItemRequest request, ClaimsPrincipal user, ItemService items,
        CancellationToken cancellationToken) =>
        (await items.UpdateAsync(user.GetUserId(), id, request, cancellationToken)).Map(ItemResponse.From).ToOk();

    /// <summary>Moves an item, with everything under it, to the trash.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> TrashAsync(
        Guid id, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        (await items.TrashAsync(user.GetUserId(), id, cancellationToken)).ToNoContent();

    /// <summary>Takes an item out of the trash.</summary>
    public static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> RestoreAsync(
        Guid id, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        (await items.RestoreAsync(user.GetUserId(), id, cancellationToken)).Map(ItemResponse.From).ToOk();

    /// <summary>Redirects to a short-lived signed URL of the file's content.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> GetContentAsync(
        Guid id, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        (await items.GetContentUriAsync(user.GetUserId(), id, cancellationToken)).ToRedirect();

    /// <summary>Redirects to a short-lived signed URL of the thumbnail, or 404 while there is none.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> GetThumbnailAsync(
        Guid id, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken) =>
        (await items.GetThumbnailUriAsync(user.GetUserId(), id, cancellationToken)).ToRedirect();
}
