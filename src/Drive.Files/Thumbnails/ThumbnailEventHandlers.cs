using Drive.Contracts.Events;
using Drive.Files.Caching;
using Drive.Files.Data;
using Drive.Files.Items;
using Drive.Messaging;

namespace Drive.Files.Thumbnails;

/// <summary>
/// Marks a file's thumbnail ready. A result made from content the file no longer has (another source blob, since blob
/// names are never reused) changes nothing, so a late result for replaced content never overwrites the newer state.
/// Idempotent: a redelivery sets the same values. The file's row stays locked until the inbox transaction ends, so no
/// new version can be swapped in between this check and the sweep of superseded renditions that follows.
/// </summary>
public sealed partial class ThumbnailReadyHandler(
    FilesDbContext db, ThumbnailRenditions renditions, CacheInvalidation cache, ILogger<ThumbnailReadyHandler> logger)
    : IEventHandler<ThumbnailReady>
{
    /// <inheritdoc />
    public async Task HandleAsync(ThumbnailReady @event, CancellationToken cancellationToken)
    {
        var file = await ItemService.LockItemAsync(db, @event.FileId, cancellationToken);
        var applied = file is not null && file.BlobName == @event.SourceBlobName;
        if (applied)
        {
            file!.ThumbnailState = ThumbnailState.Ready;
            file.ThumbnailBlobName = @event.ThumbnailBlobName;
            file.ThumbnailFailureReason = null;
            await db.SaveChangesAsync(cancellationToken);
            await cache.OwnerChangedAsync(file.OwnerId);
        }

        LogHandled(logger, @event.FileId, applied);
        await renditions.SweepAfterResultAsync(@event.FileId, file, cancellationToken);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Thumbnail ready for {FileId}; applied: {Applied}")]
    private static partial void LogHandled(ILogger logger, Guid fileId, bool applied);
}

/// <summary>
/// Marks a file's thumbnail failed, unless it is ready already or the event is about content the file no longer has.
/// Afterwards the file's superseded renditions are swept.
/// </summary>
public sealed partial class ThumbnailFailedHandler(
    FilesDbContext db, ThumbnailRenditions renditions, CacheInvalidation cache, ILogger<ThumbnailFailedHandler> logger)
    : IEventHandler<ThumbnailFailed>
{
    private const int MaxReasonLength = 500;

    /// <inheritdoc />
    public async Task HandleAsync(ThumbnailFailed @event, CancellationToken cancellationToken)
    {
        var file = await ItemService.LockItemAsync(db, @event.FileId, cancellationToken);
        var applied = file is not null && file.BlobName == @event.SourceBlobName
            && file.ThumbnailState != ThumbnailState.Ready;
        if (applied)
        {
            var reason = @event.Reason.Length > MaxReasonLength ? @event.Reason[..MaxReasonLength] : @event.Reason;
            file!.ThumbnailState = ThumbnailState.Failed;
            file.ThumbnailFailureReason = reason;
            await db.SaveChangesAsync(cancellationToken);
            await cache.OwnerChangedAsync(file.OwnerId);
        }

        LogHandled(logger, @event.FileId, applied);
        await renditions.SweepAfterResultAsync(@event.FileId, file, cancellationToken);
    }

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Thumbnail failed for {FileId}; applied: {Applied}")]
    private static partial void LogHandled(ILogger logger, Guid fileId, bool applied);
}
