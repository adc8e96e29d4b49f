using System.Diagnostics;
using System.Security.Cryptography;
using Drive.Contracts.Events;
using Drive.Contracts.Thumbnails;
using Drive.Messaging;
using Drive.Thumbnails.Imaging;
using Microsoft.Extensions.Options;

namespace Drive.Thumbnails.Handlers;

/// <summary>
/// Makes the thumbnail and preview of an uploaded file and reports it with <see cref="ThumbnailReady"/>, or reports
/// <see cref="ThumbnailFailed"/> when the content cannot be previewed. Storage and broker failures throw, so the
/// consumer retries the message. A retry repeats nothing harmful: the renditions' names are derived from the SHA-256 of
/// the bytes read (<see cref="ThumbnailBlobNames"/>), so they are overwritten with the same bytes, and the result
/// event's id is derived from the source event's, so Drive.Files' inbox drops a repeated result. Content replaced or
/// purged before it was read is gone from storage and skipped; renditions of content superseded while they were made
/// are swept by Drive.Files when the result reaches it.
/// </summary>
internal sealed class FileUploadedHandler(
    ThumbnailStore store,
    ThumbnailMaker maker,
    IEventPublisher publisher,
    IOptions<ThumbnailOptions> options,
    TimeProvider timeProvider,
    ILogger<FileUploadedHandler> logger) : IEventHandler<FileUploaded>
{
    public async Task HandleAsync(FileUploaded @event, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (@event.Size > settings.MaxSourceBytes)
        {
            await FailAsync(@event, TooLarge(settings), cancellationToken);
            return;
        }

        var source = await store.DownloadSourceAsync(@event.BlobName, cancellationToken);
        if (source is null)
        {
            Log.SourceGone(logger, @event.FileId, @event.BlobName);
            return;
        }

        if (source.LongLength > settings.MaxSourceBytes)
        {
            await FailAsync(@event, TooLarge(settings), cancellationToken);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = await maker.MakeAsync(source, cancellationToken);
        switch (outcome)
        {
            case ThumbnailMade made:
                var contentSha256 = Convert.ToHexStringLower(SHA256.HashData(source));
                await SucceedAsync(@event, contentSha256, made, Stopwatch.GetElapsedTime(started), cancellationToken);
                break;
            case ThumbnailRefused refused:
                await FailAsync(@event, refused.Reason, cancellationToken);
                break;
        }
    }

    private async Task SucceedAsync(FileUploaded uploaded, string contentSha256, ThumbnailMade made, TimeSpan elapsed,
        CancellationToken cancellationToken)
    {
        // The preview first, so it exists whenever ThumbnailReady names the thumbnail.
        var settings = options.Value;
        var previewName = ThumbnailBlobNames.Rendition(uploaded.FileId, contentSha256, settings.PreviewSize);
        await store.SaveThumbnailAsync(previewName, made.Preview.Bytes, cancellationToken);
        var name = ThumbnailBlobNames.Rendition(uploaded.FileId, contentSha256, settings.Height);
        await store.SaveThumbnailAsync(name, made.Thumbnail.Bytes, cancellationToken);

        var ready = new ThumbnailReady(ResultId<ThumbnailReady>(uploaded), timeProvider.GetUtcNow(), uploaded.FileId,
            uploaded.BlobName, name, made.Thumbnail.Width, made.Thumbnail.Height);
        await publisher.PublishAsync(ready, cancellationToken);
        Log.ThumbnailMade(logger, uploaded.FileId, name, made.Thumbnail.Width, made.Thumbnail.Height,
            (long)elapsed.TotalMilliseconds);
    }

    private async Task FailAsync(FileUploaded uploaded, string reason, CancellationToken cancellationToken)
    {
        var failed = new ThumbnailFailed(ResultId<ThumbnailFailed>(uploaded), timeProvider.GetUtcNow(), uploaded.FileId,
            uploaded.BlobName, reason);
        await publisher.PublishAsync(failed, cancellationToken);
        Log.ThumbnailRefused(logger, uploaded.FileId, reason);
    }

    /// <summary>
    /// The same id on every redelivery of <paramref name="uploaded"/>, so Drive.Files' inbox applies a result once
    /// however often this handler runs for it.
    /// </summary>
    private static Guid ResultId<TResult>(FileUploaded uploaded) where TResult : IIntegrationEvent =>
        EventIds.Derived(uploaded.EventId, ThumbnailsExtensions.ConsumerName, EventNameAttribute.Of<TResult>());

    private static string TooLarge(ThumbnailOptions settings) =>
        $"The file is larger than {settings.MaxSourceBytes / (1024 * 1024)} MiB; no preview is made for it.";
}
