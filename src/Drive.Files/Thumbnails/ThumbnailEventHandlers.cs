using Drive.Contracts.Events;
using Drive.Files.Caching;
using Drive.Files.Data;
using Drive.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Drive.Files.Thumbnails;

/// <summary>
/// Marks a file's thumbnail ready. Idempotent: a redelivery sets the same values, and a result made from content the
/// file no longer has (another blob name) is ignored.
/// </summary>
public sealed partial class ThumbnailReadyHandler(
    FilesDbContext db, CacheInvalidation cache, ILogger<ThumbnailReadyHandler> logger)
    : IEventHandler<ThumbnailReady>
{
    /// <inheritdoc />
    public async Task HandleAsync(ThumbnailReady @event, CancellationToken cancellationToken)
    {
        var updated = await db.Items
            .Where(i => i.Id == @event.FileId && i.BlobName == @event.SourceBlobName)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.ThumbnailState, ThumbnailState.Ready)
                .SetProperty(i => i.ThumbnailBlobName, @event.ThumbnailBlobName)
                .SetProperty(i => i.ThumbnailFailureReason, (string?)null), cancellationToken);
        await ThumbnailChanges.RetireCachedAsync(db, cache, @event.FileId, updated, cancellationToken);
        LogHandled(logger, @event.FileId, updated > 0);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Thumbnail ready for {FileId}; applied: {Applied}")]
    private static partial void LogHandled(ILogger logger, Guid fileId, bool applied);
}

/// <summary>
/// Marks a file's thumbnail failed, unless it is ready already or the event is about content the file no longer has.
/// </summary>
public sealed partial class ThumbnailFailedHandler(
    FilesDbContext db, CacheInvalidation cache, ILogger<ThumbnailFailedHandler> logger)
    : IEventHandler<ThumbnailFailed>
{
    private const int MaxReasonLength = 500;

    /// <inheritdoc />
    public async Task HandleAsync(ThumbnailFailed @event, CancellationToken cancellationToken)
    {
        var reason = @event.Reason.Length > MaxReasonLength ? @event.Reason[..MaxReasonLength] : @event.Reason;
        var updated = await db.Items
            .Where(i => i.Id == @event.FileId && i.BlobName == @event.SourceBlobName
                && i.ThumbnailState != ThumbnailState.Ready)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.ThumbnailState, ThumbnailState.Failed)
                .SetProperty(i => i.ThumbnailFailureReason, reason), cancellationToken);
        await ThumbnailChanges.RetireCachedAsync(db, cache, @event.FileId, updated, cancellationToken);
        LogHandled(logger, @event.FileId, updated > 0);
    }

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Thumbnail failed for {FileId}; applied: {Applied}")]
    private static partial void LogHandled(ILogger logger, Guid fileId, bool applied);
}

/// <summary>What both thumbnail handlers do after changing a file.</summary>
internal static class ThumbnailChanges
{
    /// <summary>When the file changed, retires its owner's cached entries once the handler's transaction commits.</summary>
    public static async Task RetireCachedAsync(
        FilesDbContext db, CacheInvalidation cache, Guid fileId, int updated, CancellationToken cancellationToken)
    {
        if (updated == 0)
        {
            return;
        }

        var ownerId = await db.Items.Where(i => i.Id == fileId).Select(i => i.OwnerId).SingleAsync(cancellationToken);
        await cache.OwnerChangedAsync(ownerId);
    }
}
