using Drive.Contracts.Thumbnails;
using Drive.Files.Data;
using Drive.Files.Storage;

namespace Drive.Files.Thumbnails;

/// <summary>
/// Keeps a file's renditions in the <c>thumbnails</c> container in step with its content: deletes those of content the
/// file no longer has, and all of them when the file is deleted for good. Names come from
/// <see cref="ThumbnailBlobNames"/>, so every rendition of every version of a file is found under one prefix.
/// </summary>
public sealed partial class ThumbnailRenditions(BlobStore blobs, ILogger<ThumbnailRenditions> logger)
{
    /// <summary>
    /// Runs after a thumbnail result for <paramref name="fileId"/> was handled, with the file's row (null when the file
    /// is gone) still locked by the caller's transaction, so no new version can be swapped in meanwhile. Once the
    /// current content's thumbnail is decided (ready or failed), or the file is gone, every rendition but the current
    /// one's is deleted: those of replaced content, including any written by a job that finished after its content was
    /// replaced. While the current thumbnail is still undecided nothing is touched, since the current content's
    /// renditions may be being written; its own result sweeps later. A file that never had a new version has one
    /// content only, so nothing is listed for it.
    /// </summary>
    public async Task SweepAfterResultAsync(Guid fileId, Item? file, CancellationToken cancellationToken)
    {
        if (file is { ContentVersion: 1 } or { ThumbnailState: ThumbnailState.Pending or ThumbnailState.None })
        {
            return;
        }

        var current = file?.ThumbnailState == ThumbnailState.Ready ? file.ThumbnailBlobName : null;
        var deleted = await DeleteAllButAsync(fileId, current, cancellationToken);
        if (deleted > 0)
        {
            LogSwept(logger, fileId, deleted, file?.ContentVersion);
        }
    }

    /// <summary>
    /// Deletes every rendition of <paramref name="fileId"/> except those made from the same content as
    /// <paramref name="keep"/> (all of them when it is null); returns how many it deleted.
    /// </summary>
    public async Task<int> DeleteAllButAsync(Guid fileId, string? keep, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var name in blobs.ListAsync(
            BlobStore.ThumbnailsContainer, ThumbnailBlobNames.OfFile(fileId), cancellationToken))
        {
            if (keep is null || !ThumbnailBlobNames.SameContent(name, keep))
            {
                names.Add(name);
            }
        }

        foreach (var name in names)
        {
            await blobs.DeleteIfExistsAsync(BlobStore.ThumbnailsContainer, name, cancellationToken);
        }

        return names.Count;
    }

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information,
        Message = "Deleted {Count} superseded renditions of file {FileId} (content version {ContentVersion})")]
    private static partial void LogSwept(ILogger logger, Guid fileId, int count, int? contentVersion);
}
