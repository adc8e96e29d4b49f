using System.Security.Claims;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.Files.Uploads;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Api;

/// <summary>/api/uploads: start, complete and abort uploads whose bytes go straight to blob storage.</summary>
public static class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder routes)
    {
        var uploads = routes.MapGroup("/api/uploads").WithTags("Uploads").RequireAuthorization();
        uploads.MapPost("/", StartAsync).WithName("StartUpload");
        uploads.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteUpload");
        uploads.MapDelete("/{id:guid}", AbortAsync).WithName("AbortUpload");
        return routes;
    }

    /// <summary>Starts an upload and returns a signed URL per part.</summary>
    public static async Task<Results<Created<UploadResponse>, ProblemHttpResult>> StartAsync(
        CreateUploadRequest request, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken) =>
        (await uploads.StartAsync(user.GetUserId(), request, cancellationToken))
            .ToCreated(upload => $"/api/uploads/{upload.UploadId}");

    /// <summary>Checks the parts and the hash and creates the file; completing again returns the same file.</summary>
    public static async Task<Results<Created<ItemResponse>, ProblemHttpResult>> CompleteAsync(
        Guid id, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken) =>
        (await uploads.CompleteAsync(user.GetUserId(), id, cancellationToken))
            .Map(ItemResponse.From).ToCreated(item => $"/api/items/{item.Id}");

    /// <summary>Aborts an upload and discards the parts sent so far.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> AbortAsync(
        Guid id, ClaimsPrincipal user, UploadService uploads, CancellationToken cancellationToken) =>
        (await uploads.AbortAsync(user.GetUserId(), id, cancellationToken)).ToNoContent();
}
