using Drive.Contracts.Events;
using Drive.Messaging;

namespace Drive.Thumbnails.Handlers;

/// <summary>Deletes every thumbnail of a file deleted for good.</summary>
internal sealed class FilePurgedHandler(ThumbnailStore store, ILogger<FilePurgedHandler> logger)
    : IEventHandler<FilePurged>
{
    public async Task HandleAsync(FilePurged @event, CancellationToken cancellationToken)
    {
        var count = await store.DeleteThumbnailsAsync(@event.FileId, cancellationToken);
        Log.ThumbnailsPurged(logger, @event.FileId, count);
    }
}
