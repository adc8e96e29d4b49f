using Drive.Files.Data;
using Drive.Files.Errors;
using Drive.Files.Storage;
using Microsoft.EntityFrameworkCore;

namespace Drive.Files.Items;

public sealed partial class ItemService
{
    /// <summary>A short-lived read URL of a live file's content, which downloads under the file's name.</summary>
    public async Task<Result<Uri>> GetContentUriAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Items.AsNoTracking().FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedAt == null, cancellationToken);
        return file switch
        {
            null => NotFoundError.Item(id),
            { Kind: ItemKind.Folder } => new InvalidInputError($"Item {id} is a folder; only files have content."),
            _ => blobs.CreateReadUri(BlobStore.FilesContainer, file.BlobName!, options.Value.DownloadLifetime,
                ContentDisposition.Attachment(file.Name), file.ContentType),
        };
    }

    /// <summary>
    /// A read URL of a file's thumbnail, while one is ready: the same URL for every request within a window of
    /// <see cref="FilesOptions.ThumbnailUrlWindow"/>, so that an edge cache or CDN in front of
    /// <see cref="FilesOptions.ThumbnailBaseUrl"/> keeps one copy of it. The thumbnail's blob name is fixed by the
    /// content it shows, so a cached copy is never stale.
    /// </summary>
    public async Task<Result<Uri>> GetThumbnailUriAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var file = await db.Items.AsNoTracking().FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedAt == null, cancellationToken);
        return file switch
        {
            null => NotFoundError.Item(id),
            { ThumbnailState: not ThumbnailState.Ready } or { ThumbnailBlobName: null } =>
                new NotFoundError($"Item {id} has no thumbnail (yet)."),
            _ => blobs.CreateCacheableReadUri(BlobStore.ThumbnailsContainer, file.ThumbnailBlobName,
                options.Value.ThumbnailUrlWindow, options.Value.ThumbnailBaseUrl),
        };
    }
}
