namespace Drive.Thumbnails;

/// <summary>Every log message of Drive.Thumbnails, with its stable event id (2000-2099).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information,
        "Thumbnail {ThumbnailBlobName} ({Width}x{Height}) made for file {FileId} in {ElapsedMs} ms")]
    public static partial void ThumbnailMade(ILogger logger, Guid fileId, string thumbnailBlobName, int width,
        int height, long elapsedMs);

    [LoggerMessage(2001, LogLevel.Information, "No thumbnail for file {FileId}: {Reason}")]
    public static partial void ThumbnailRefused(ILogger logger, Guid fileId, string reason);

    [LoggerMessage(2002, LogLevel.Warning, "Content blob {BlobName} of file {FileId} no longer exists; nothing to do")]
    public static partial void SourceGone(ILogger logger, Guid fileId, string blobName);

    [LoggerMessage(2003, LogLevel.Information, "Deleted {Count} thumbnails of purged file {FileId}")]
    public static partial void ThumbnailsPurged(ILogger logger, Guid fileId, int count);
}
