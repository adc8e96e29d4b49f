using Drive.Contracts.Events;
using Drive.Files.Data;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.Files.Storage;
using Drive.Messaging;

namespace Drive.Files.Uploads;

/// <summary>
/// New versions of a file's content: an upload that targets an existing file. It goes through the same start, parts
/// and complete as a new file; completion swaps the content into the item, which keeps its id, name and folder.
/// Concurrent new versions of one file are applied one after another in the order they complete (the last one wins),
/// each adding one to the file's content version.
/// </summary>
public sealed partial class UploadService
{
    /// <summary>Checks a new version's request and its file, records the upload and returns its part URLs.</summary>
    private async Task<Result<UploadResponse>> StartNewVersionAsync(
        Guid ownerId, Guid fileId, CreateUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.Name is not null || request.ParentId is not null)
        {
            return new InvalidInputError("A new version keeps the file's name and folder: omit name and parentId "
                + "when fileId is given (rename or move the file with PATCH /api/items/{id}).");
        }

        var content = CheckContent(request);
        if (content.Error is not null)
        {
            return content.Error;
        }

        var file = await items.GetAsync(ownerId, fileId, cancellationToken);
        if (file.Error is not null)
        {
            return file.Error;
        }

        if (CheckReplaceable(file.Value!) is { } stateError)
        {
            return stateError;
        }

        var growth = content.Value.Size - file.Value!.Size;
        if (await CheckQuotaAsync(ownerId, growth, cancellationToken) is { } quotaError)
        {
            return quotaError;
        }

        var upload = NewUpload(ownerId, file.Value.ParentId!.Value, file.Value.Name, content.Value, fileId);
        return await RecordAsync(upload, cancellationToken);
    }

    private static FilesError? CheckReplaceable(Item item) => item switch
    {
        { Kind: ItemKind.Folder } => new InvalidInputError(
            $"Item {item.Id} is a folder; only a file can get a new version. To add a file to it, upload with "
            + "parentId."),
        { TrashedAt: not null } => new StateConflictError($"\"{item.Name}\" is in the trash; restore it "
            + $"(POST /api/items/{item.Id}/restore), then upload the new version."),
        _ => null,
    };

    /// <summary>
    /// Swaps the verified content into the target file and writes its <see cref="FileUploaded"/> event, in the
    /// caller's transaction: size, type, hash and blob change, the content version goes up by one and the thumbnail
    /// starts again (pending, or none for content that does not look like an image). The replaced blob is recorded on
    /// the upload and deleted once the transaction committed.
    /// </summary>
    private async Task<Result<Item>> ReplaceContentAsync(
        Upload upload, string fileBlobName, string? sha256, CancellationToken cancellationToken)
    {
        // Under the owner's lock, like every change the quota or the trash depends on; the file's row lock keeps a
        // thumbnail result for the old content from landing between this check and the swap.
        await items.LockOwnerAsync(upload.OwnerId, cancellationToken);
        var fileId = upload.TargetFileId!.Value;
        var file = await ItemService.LockItemAsync(db, fileId, cancellationToken);
        if (file is null || file.OwnerId != upload.OwnerId)
        {
            return new NotFoundError($"The file {fileId} was deleted for good during the upload. The upload was "
                + "discarded; upload the content as a new file.");
        }

        if (file.TrashedAt is not null)
        {
            return new StateConflictError($"\"{file.Name}\" was moved to the trash during the upload, so the upload "
                + $"was discarded. Restore it (POST /api/items/{file.Id}/restore), then upload the new version again.");
        }

        if (await CheckQuotaAsync(upload.OwnerId, upload.Size - file.Size, cancellationToken) is { } quotaError)
        {
            return quotaError;
        }

        upload.ReplacedBlobName = file.BlobName;
        SwapContent(file, upload, fileBlobName, sha256);
        upload.State = UploadState.Completed;
        upload.ItemId = file.Id;
        db.AddEvent(new FileUploaded(Guid.CreateVersion7(), file.ModifiedAt, file.Id, file.OwnerId, fileBlobName,
            file.Name, upload.ContentType, file.Size, sha256, file.ContentVersion));
        await db.SaveChangesAsync(cancellationToken);
        LogNewVersion(logger, upload.Id, file.Id, file.ContentVersion, file.Size);
        return file;
    }

    private void SwapContent(Item file, Upload upload, string fileBlobName, string? sha256)
    {
        file.BlobName = fileBlobName;
        file.Size = upload.Size;
        file.ContentType = upload.ContentType;
        file.Sha256 = sha256;
        file.ContentVersion++;
        file.ModifiedAt = time.GetUtcNow();
        file.ThumbnailState = ImageTypes.InitialThumbnailState(file.Name, upload.ContentType);
        file.ThumbnailBlobName = null;
        file.ThumbnailFailureReason = null;
    }

    /// <summary>
    /// Deletes the content a completed new version replaced. A download URL signed for it before then stops working
    /// (storage answers 404); asking for the file's content again gives the new version.
    /// </summary>
    private async Task DeleteReplacedContentAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (upload.ReplacedBlobName is not { } replaced)
        {
            return;
        }

        try
        {
            await blobs.DeleteIfExistsAsync(BlobStore.FilesContainer, replaced, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // ExpiredUploadsCleaner deletes it again when it removes the upload's row.
            LogReplacedDeleteFailed(logger, ex, upload.Id);
        }
    }

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information,
        Message = "Upload {UploadId} completed as version {ContentVersion} of file {FileId} ({Size} bytes)")]
    private static partial void LogNewVersion(
        ILogger logger, Guid uploadId, Guid fileId, int contentVersion, long size);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning,
        Message = "The content replaced by upload {UploadId} could not be deleted; the cleaner will")]
    private static partial void LogReplacedDeleteFailed(ILogger logger, Exception exception, Guid uploadId);
}
