namespace Drive.Contracts.Events;

/// <summary>
/// A thumbnail was written for one version of a file's content.
/// Published by Drive.Thumbnails; consumed by Drive.Files, which marks the item's thumbnail ready.
/// </summary>
/// <param name="EventId">Unique per event.</param>
/// <param name="OccurredAt">When the thumbnail blob was written.</param>
/// <param name="FileId">The file item.</param>
/// <param name="SourceBlobName">The content blob the thumbnail was made from; stale results are ignored.</param>
/// <param name="ThumbnailBlobName">Where the thumbnail lives in the <c>thumbnails</c> container.</param>
/// <param name="Width">Thumbnail width in pixels.</param>
/// <param name="Height">Thumbnail height in pixels.</param>
[EventName("thumbnails.thumbnail-ready.v1")]
public sealed record ThumbnailReady(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid FileId,
    string SourceBlobName,
    string ThumbnailBlobName,
    int Width,
    int Height) : IIntegrationEvent;

/// <summary>
/// No thumbnail can be made for one version of a file's content (not an image, too large, corrupt).
/// Published by Drive.Thumbnails; consumed by Drive.Files, which marks the item's thumbnail failed.
/// </summary>
/// <param name="EventId">Unique per event.</param>
/// <param name="OccurredAt">When the attempt ended.</param>
/// <param name="FileId">The file item.</param>
/// <param name="SourceBlobName">The content blob that was tried.</param>
/// <param name="Reason">Why, in words fit for the owner.</param>
[EventName("thumbnails.thumbnail-failed.v1")]
public sealed record ThumbnailFailed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid FileId,
    string SourceBlobName,
    string Reason) : IIntegrationEvent;
