using System.Security.Claims;
using Drive.Files.Caching;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Api;

/// <summary>/api/folders: the root, new folders and a folder's children.</summary>
public static class FoldersApi
{
    public static IEndpointRouteBuilder MapFoldersApi(this IEndpointRouteBuilder routes)
    {
        var folders = routes.MapGroup("/api/folders").WithTags("Folders").RequireAuthorization();
        folders.MapGet("/root", GetRootAsync).WithName("GetRootFolder");
        folders.MapPost("/", CreateAsync).WithName("CreateFolder");
        folders.MapGet("/{id:guid}/children", ListChildrenAsync).WithName("ListChildren");
        return routes;
    }

    /// <summary>The caller's root folder, created on first use; 304 when <c>If-None-Match</c> names its ETag.</summary>
    public static async Task<Results<Ok<ItemResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetRootAsync(
        ClaimsPrincipal user, CachedReads reads, HttpContext context, CancellationToken cancellationToken) =>
        (await reads.GetRootAsync(user.GetUserId(), cancellationToken)).ToConditionalOk(context);

    /// <summary>Creates a folder.</summary>
    public static async Task<Results<Created<ItemResponse>, ProblemHttpResult>> CreateAsync(
        CreateFolderRequest request, ClaimsPrincipal user, ItemService items, CancellationToken cancellationToken)
    {
        var result = await items.CreateFolderAsync(user.GetUserId(), request, cancellationToken);
        return result.Map(ItemResponse.From).ToCreated(item => $"/api/items/{item.Id}");
    }

    /// <summary>
    /// One page of a folder's children, folders first. Its ETag covers the whole page, so it changes with any item
    /// on it; 304 when <c>If-None-Match</c> names it.
    /// </summary>
    public static async Task<Results<Ok<ItemPage>, StatusCodeHttpResult, ProblemHttpResult>> ListChildrenAsync(
        Guid id, int? pageSize, string? pageToken, string? orderBy, ClaimsPrincipal user, CachedReads reads,
        HttpContext context, CancellationToken cancellationToken) =>
        (await reads.ListChildrenAsync(user.GetUserId(), id, pageSize, pageToken, orderBy, cancellationToken))
            .ToConditionalOk(context);
}
