namespace Drive.Contracts.Events;

/// <summary>
/// A file's content was committed (a new file, or new content for an existing one).
/// Published by Drive.Files; consumed by Drive.Thumbnails.
/// </summary>
/// <param name="EventId">Unique per event.</param>
/// <param name="OccurredAt">When the upload was completed.</param>
/// <param name="FileId">The file item.</param>
/// <param name="OwnerId">The user who owns the file.</param>
/// <param name="BlobName">Where the content lives in the <c>files</c> container.</param>
/// <param name="Name">The file's name when uploaded (for logs and type sniffing only).</param>
/// <param name="ContentType">The media type the client declared.</param>
/// <param name="Size">Content length in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, as verified or as declared.</param>
/// <param name="ContentVersion">
/// 1 for a new file, then one more for each new version of its content. Added to v1 as an optional field: events
/// written before it existed read as 1, and consumers that do not know it ignore it. The content itself is
/// identified by <paramref name="BlobName"/>, which is never reused.
/// </param>
[EventName("files.file-uploaded.v1")]
public sealed record FileUploaded(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid FileId,
    Guid OwnerId,
    string BlobName,
    string Name,
    string ContentType,
    long Size,
    string? Sha256,
    int ContentVersion = 1) : IIntegrationEvent;

/// <summary>
/// A file was deleted for good (emptied from the trash) with its content blob.
/// Published by Drive.Files; consumed by Drive.Thumbnails, which deletes the file's thumbnails.
/// </summary>
/// <param name="EventId">Unique per event.</param>
/// <param name="OccurredAt">When the deletion was committed.</param>
/// <param name="FileId">The file item that no longer exists.</param>
/// <param name="OwnerId">The user who owned it.</param>
[EventName("files.file-purged.v1")]
public sealed record FilePurged(Guid EventId, DateTimeOffset OccurredAt, Guid FileId, Guid OwnerId) : IIntegrationEvent;
