using Azure;
using Drive.Contracts.Events;
using Drive.Files.Caching;
using Drive.Files.Data;
using Drive.Files.Storage;
using Drive.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Drive.Files.Uploads;

/// <summary>
/// Computes the SHA-256 of content uploaded without a declared hash, after the upload completed, so that a large
/// upload's completion does not wait for a second read of every byte. Idempotent: it only fills a hash that is still
/// missing, and only for the content the file still has.
/// </summary>
public sealed partial class ContentHashHandler(
    FilesDbContext db, BlobStore blobs, CacheInvalidation cache, ILogger<ContentHashHandler> logger) : IEventHandler<FileUploaded>
{
    /// <inheritdoc />
    public async Task HandleAsync(FileUploaded @event, CancellationToken cancellationToken)
    {
        if (@event.Sha256 is not null)
        {
            return;
        }

        string sha256;
        try
        {
            sha256 = await blobs.ComputeSha256Async(BlobStore.FilesContainer, @event.BlobName, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            LogContentGone(logger, @event.FileId);
            return;
        }

        var updated = await db.Items
            .Where(i => i.Id == @event.FileId && i.BlobName == @event.BlobName && i.Sha256 == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Sha256, sha256), cancellationToken);
        if (updated > 0)
        {
            await cache.OwnerChangedAsync(@event.OwnerId);
        }

        LogHashed(logger, @event.FileId, updated > 0);
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Content of {FileId} hashed; applied: {Applied}")]
    private static partial void LogHashed(ILogger logger, Guid fileId, bool applied);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Content of {FileId} was deleted before it was hashed")]
    private static partial void LogContentGone(ILogger logger, Guid fileId);
}
