using System.Net.Http.Headers;
using Drive.Contracts.Events;
using Drive.Files.Data;
using Drive.Files.Errors;
using Drive.Files.Items;
using Drive.Files.Storage;
using Drive.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Drive.Files.Uploads;

/// <summary>Starts, completes and aborts uploads whose bytes go straight to blob storage.</summary>
public sealed partial class UploadService(
    FilesDbContext db,
    ItemService items,
    BlobStore blobs,
    TimeProvider time,
    IOptions<FilesOptions> options,
    ILogger<UploadService> logger)
{
    private const string DefaultContentType = "application/octet-stream";

    /// <summary>
    /// Checks the request, records the upload and returns a signed URL per part. With <c>fileId</c> the upload is a new
    /// version of that file's content (see <see cref="StartNewVersionAsync"/>).
    /// </summary>
    public async Task<Result<UploadResponse>> StartAsync(
        Guid ownerId, CreateUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.FileId is { } fileId)
        {
            return await StartNewVersionAsync(ownerId, fileId, request, cancellationToken);
        }

        var name = ItemNames.Check(request.Name);
        if (!name.IsValid)
        {
            return new InvalidInputError(name.Problem!);
        }

        var content = CheckContent(request);
        if (content.Error is not null)
        {
            return content.Error;
        }

        var parent = await items.GetLiveFolderAsync(ownerId, request.ParentId, cancellationToken);
        if (parent.Error is not null)
        {
            return parent.Error;
        }

        if (await items.IsNameTakenAsync(ownerId, parent.Value!.Id, name.Name!, null, cancellationToken))
        {
            return new NameTakenError(name.Name!);
        }

        if (await CheckQuotaAsync(ownerId, content.Value.Size, cancellationToken) is { } quotaError)
        {
            return quotaError;
        }

        var upload = NewUpload(ownerId, parent.Value.Id, name.Name!, content.Value, null);
        return await RecordAsync(upload, cancellationToken);
    }

    private async Task<UploadResponse> RecordAsync(Upload upload, CancellationToken cancellationToken)
    {
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        LogStarted(logger, upload.Id, upload.OwnerId, upload.Size, upload.PartCount);
        return new UploadResponse(upload.Id, upload.ExpiresAt, CreateParts(upload));
    }

    private static Result<UploadContent> CheckContent(CreateUploadRequest request)
    {
        if (request.Size is not { } size || size < 0 || size > FilesOptions.MaxFileSize)
        {
            return new InvalidInputError($"size must be given, between 0 and {FilesOptions.MaxFileSize} bytes (5 TiB).");
        }

        var contentType = string.IsNullOrWhiteSpace(request.ContentType) ? DefaultContentType : request.ContentType;
        if (contentType.Length > 255 || !MediaTypeHeaderValue.TryParse(contentType, out _))
        {
            return new InvalidInputError("contentType must be a media type such as image/jpeg.");
        }

        var sha256 = request.Sha256?.ToLowerInvariant();
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit)))
        {
            return new InvalidInputError("sha256 must be 64 hexadecimal digits.");
        }

        return new UploadContent(size, contentType, sha256);
    }

    /// <summary>What an upload declares about its bytes.</summary>
    private readonly record struct UploadContent(long Size, string ContentType, string? Sha256);

    private async Task<FilesError?> CheckQuotaAsync(Guid ownerId, long size, CancellationToken cancellationToken)
    {
        if (size <= 0)
        {
            return null;
        }

        var usage = await items.GetUsageAsync(ownerId, cancellationToken);
        return usage.UsedBytes + size > usage.QuotaBytes
            ? new QuotaExceededError(usage.UsedBytes, usage.QuotaBytes, size)
            : null;
    }

    private Upload NewUpload(Guid ownerId, Guid parentId, string name, UploadContent content, Guid? targetFileId)
    {
        var id = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        var (partSize, partCount) = UploadPlan.For(content.Size, options.Value.PartSize);
        return new Upload
        {
            Id = id, OwnerId = ownerId, ParentId = parentId, TargetFileId = targetFileId, Name = name,
            Size = content.Size, ContentType = content.ContentType, DeclaredSha256 = content.Sha256,
            BlobName = id.ToString(), PartCount = partCount, PartSize = partSize,
            CreatedAt = now, ExpiresAt = now + options.Value.UploadLifetime, State = UploadState.Pending,
        };
    }

    private List<UploadPart> CreateParts(Upload upload)
    {
        var url = blobs.CreateWriteUri(upload.BlobName, upload.ExpiresAt).AbsoluteUri;
        if (upload.PartCount == 1)
        {
            var headers = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };
            return [new UploadPart(1, 0, upload.Size, url, "PUT", headers)];
        }

        var parts = new List<UploadPart>(upload.PartCount);
        for (var number = 1; number <= upload.PartCount; number++)
        {
            var (offset, length) = UploadPlan.Range(upload.Size, upload.PartSize, number);
            var blockUrl = $"{url}&comp=block&blockid={Uri.EscapeDataString(UploadPlan.BlockId(number))}";
            parts.Add(new UploadPart(number, offset, length, blockUrl, "PUT", new Dictionary<string, string>()));
        }

        return parts;
    }

    /// <summary>
    /// Checks that every part arrived with the right length, commits the blocks, copies the staging blob into the files
    /// container, checks the copy's size and SHA-256, then creates the item (or swaps a new version into it) and its
    /// FileUploaded event in one transaction. Completing a completed upload returns the same item.
    /// </summary>
    public async Task<Result<Item>> CompleteAsync(Guid ownerId, Guid uploadId, CancellationToken cancellationToken)
    {
        // 1. The upload must be ours and still pending (or already completed: answer the same item). Its row stays
        //    locked until the end, so concurrent completions run one after another and the later ones see the item.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var upload = await LockUploadAsync(ownerId, uploadId, cancellationToken);
        if (upload is null)
        {
            return new NotFoundError($"No upload with id {uploadId} exists.");
        }

        if (upload.State == UploadState.Completed)
        {
            return await items.GetAsync(ownerId, upload.ItemId!.Value, cancellationToken);
        }

        if (CheckPending(upload) is { } stateError)
        {
            return stateError;
        }

        // 2. Every part present with its length, then committed in the staging blob.
        if (await CommitAsync(upload, cancellationToken) is { } partsError)
        {
            return partsError;
        }

        // 3. A copy under a name only the service writes; size and a declared hash are checked on that copy, which the
        //    client's write URL cannot reach, so nothing can change the bytes after they were verified. Without a
        //    declared hash, ContentHashHandler computes it after the upload, off the client's critical path.
        //    The blob is named by the upload, so a completion repeated after a crash copies onto the same blob, and a
        //    new version never overwrites the content it replaces (a new file also takes the upload's id).
        var fileBlobName = ContentBlobName(upload);
        Result<Item> result;
        var committing = false;
        try
        {
            await blobs.CopyToFilesAsync(upload.BlobName, fileBlobName, cancellationToken);
            var sha256 = await VerifyCopyAsync(upload, fileBlobName, cancellationToken);
            result = sha256.Error is { } mismatch ? mismatch
                : upload.TargetFileId is null ? await CreateItemAsync(upload, fileBlobName, sha256.Value, cancellationToken)
                : await ReplaceContentAsync(upload, fileBlobName, sha256.Value, cancellationToken);

            // 4. A refused upload is discarded; an accepted one no longer needs its staging blob, nor a new version
            //    the content it replaced.
            if (result.Error is not null)
            {
                await blobs.DeleteIfExistsAsync(BlobStore.FilesContainer, fileBlobName, cancellationToken);
                await FailAsync(upload, cancellationToken);
            }

            committing = true;
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception) when (!committing)
        {
            // Cancelled or failed before the commit (a client gone mid-hash, a lost connection): nothing points at
            // the copy, which would otherwise hold bytes no quota counts. A failed commit may still have committed,
            // so that copy, like one left by a crash, is the expired-uploads cleaner's to judge.
            await blobs.DeleteIfExistsAsync(BlobStore.FilesContainer, fileBlobName, CancellationToken.None);
            throw;
        }

        if (result.Error is null)
        {
            await DiscardStagingAsync(upload, cancellationToken);
            await DeleteReplacedContentAsync(upload, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The name of the copy an upload's completion makes in the files container: the item's content once it
    /// completes, and garbage while it has not.
    /// </summary>
    internal static string ContentBlobName(Upload upload) => $"{upload.OwnerId}/{upload.Id}";

    private async Task<Upload?> LockUploadAsync(Guid ownerId, Guid uploadId, CancellationToken cancellationToken)
    {
        var rows = await db.Uploads
            .FromSql($"""
                SELECT *, xmin FROM uploads WHERE "Id" = {uploadId} AND "OwnerId" = {ownerId} FOR UPDATE
                """)
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    private async Task<Result<string?>> VerifyCopyAsync(
        Upload upload, string fileBlobName, CancellationToken cancellationToken)
    {
        var length = await blobs.GetLengthAsync(BlobStore.FilesContainer, fileBlobName, cancellationToken);
        if (length != upload.Size)
        {
            return new UploadMismatchError(
                $"The content holds {length} bytes, not the declared {upload.Size}. The upload was discarded; start again.");
        }

        if (upload.DeclaredSha256 is not { } declared)
        {
            return (string?)null;
        }

        var sha256 = await blobs.ComputeSha256Async(BlobStore.FilesContainer, fileBlobName, cancellationToken);
        return declared != sha256
            ? new UploadMismatchError($"The content's SHA-256 is {sha256}, not the declared {declared}. "
                + "The upload was discarded; start again.")
            : sha256;
    }

    private StateConflictError? CheckPending(Upload upload) => upload.State switch
    {
        UploadState.Aborted => new StateConflictError("This upload was aborted; start a new one."),
        UploadState.Failed => new StateConflictError("This upload failed; start a new one."),
        _ when upload.ExpiresAt <= time.GetUtcNow() => new StateConflictError("This upload expired; start a new one."),
        _ => null,
    };

    private async Task<FilesError?> CommitAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (upload.PartCount == 1)
        {
            var length = await blobs.GetLengthAsync(BlobStore.UploadsContainer, upload.BlobName, cancellationToken);
            if (length != upload.Size)
            {
                return new UploadMismatchError(length is null
                    ? "Part 1 has not arrived; send it, then complete again."
                    : $"Part 1 holds {length} bytes, not {upload.Size}; send it again, then complete again.");
            }

            await blobs.SetContentTypeAsync(upload.BlobName, upload.ContentType, cancellationToken);
            return null;
        }

        var expected = Enumerable.Range(1, upload.PartCount)
            .Select(n => (Number: n, Id: UploadPlan.BlockId(n), UploadPlan.Range(upload.Size, upload.PartSize, n).Length))
            .ToList();
        var blocks = await blobs.GetBlockListAsync(upload.BlobName, cancellationToken);
        var committed = blocks.CommittedBlocks.Select(b => (b.Name, b.SizeLong));
        if (committed.SequenceEqual(expected.Select(e => (e.Id, e.Length))))
        {
            return null;
        }

        var staged = blocks.UncommittedBlocks.ToDictionary(b => b.Name, b => b.SizeLong);
        var missing = expected.Where(e => !staged.ContainsKey(e.Id)).Select(e => e.Number).ToList();
        var wrong = expected.Where(e => staged.TryGetValue(e.Id, out var size) && size != e.Length)
            .Select(e => e.Number).ToList();
        if (missing.Count > 0 || wrong.Count > 0)
        {
            return new UploadMismatchError(DescribeMissing(missing, wrong));
        }

        await blobs.CommitBlocksAsync(upload.BlobName, expected.Select(e => e.Id), upload.ContentType, cancellationToken);
        return null;
    }

    private static string DescribeMissing(List<int> missing, List<int> wrong)
    {
        static string List(List<int> numbers) =>
            string.Join(", ", numbers.Take(20)) + (numbers.Count > 20 ? $" and {numbers.Count - 20} more" : "");

        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"parts not received: {List(missing)}");
        }

        if (wrong.Count > 0)
        {
            parts.Add($"parts with the wrong length: {List(wrong)}");
        }

        return $"The upload is incomplete ({string.Join("; ", parts)}). Send those parts, then complete again.";
    }

    private async Task<Result<Item>> CreateItemAsync(
        Upload upload, string fileBlobName, string? sha256, CancellationToken cancellationToken)
    {
        // Under the owner's lock: the folder cannot go to the trash, nor another file take the quota, meanwhile.
        await items.LockOwnerAsync(upload.OwnerId, cancellationToken);
        var parent = await items.GetLiveFolderAsync(upload.OwnerId, upload.ParentId, cancellationToken);
        if (parent.Error is not null)
        {
            return new NotFoundError($"The folder {upload.ParentId} this file was going into was deleted or moved to "
                + "the trash during the upload. The upload was discarded; upload the file again into another folder.");
        }

        if (await CheckQuotaAsync(upload.OwnerId, upload.Size, cancellationToken) is { } quotaError)
        {
            return quotaError;
        }

        if (await items.IsNameTakenAsync(upload.OwnerId, upload.ParentId, upload.Name, null, cancellationToken))
        {
            return new NameTakenError(upload.Name);
        }

        var item = NewItem(upload, fileBlobName, sha256);
        db.Items.Add(item);
        upload.State = UploadState.Completed;
        upload.ItemId = item.Id;
        db.AddEvent(new FileUploaded(Guid.CreateVersion7(), item.CreatedAt, item.Id, item.OwnerId, fileBlobName,
            item.Name, upload.ContentType, item.Size, sha256));
        await db.SaveChangesAsync(cancellationToken);
        LogCompleted(logger, upload.Id, item.Id, item.Size);
        return item;
    }

    private Item NewItem(Upload upload, string fileBlobName, string? sha256)
    {
        var now = time.GetUtcNow();
        return new Item
        {
            Id = upload.Id, OwnerId = upload.OwnerId, Kind = ItemKind.File, Name = upload.Name,
            ParentId = upload.ParentId, Size = upload.Size, ContentType = upload.ContentType, Sha256 = sha256,
            BlobName = fileBlobName, ContentVersion = 1, CreatedAt = now, ModifiedAt = now,
            ThumbnailState = ImageTypes.InitialThumbnailState(upload.Name, upload.ContentType),
        };
    }

    private async Task DiscardStagingAsync(Upload upload, CancellationToken cancellationToken)
    {
        try
        {
            await blobs.DiscardAsync(upload.BlobName, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            // The cleaner removes staging blobs that outlive their upload.
            LogStagingDiscardFailed(logger, ex, upload.Id);
        }
    }

    private async Task FailAsync(Upload upload, CancellationToken cancellationToken)
    {
        await blobs.DiscardAsync(upload.BlobName, cancellationToken);
        upload.State = UploadState.Failed;
        await db.SaveChangesAsync(cancellationToken);
        LogFailed(logger, upload.Id);
    }

    /// <summary>Aborts a pending upload and discards whatever was sent.</summary>
    public async Task<FilesError?> AbortAsync(Guid ownerId, Guid uploadId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var upload = await LockUploadAsync(ownerId, uploadId, cancellationToken);
        switch (upload?.State)
        {
            case null:
                return new NotFoundError($"No upload with id {uploadId} exists.");
            case UploadState.Completed:
                return new StateConflictError("This upload is complete; delete the file instead.");
            case UploadState.Pending:
                await blobs.DiscardAsync(upload.BlobName, cancellationToken);
                upload.State = UploadState.Aborted;
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return null;
            default:
                return null;
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Upload {UploadId} started by {OwnerId}: {Size} bytes in {PartCount} parts")]
    private static partial void LogStarted(ILogger logger, Guid uploadId, Guid ownerId, long size, int partCount);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Upload {UploadId} completed as file {FileId} ({Size} bytes)")]
    private static partial void LogCompleted(ILogger logger, Guid uploadId, Guid fileId, long size);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning,
        Message = "The staging blob of completed upload {UploadId} could not be deleted; the cleaner will")]
    private static partial void LogStagingDiscardFailed(ILogger logger, Exception exception, Guid uploadId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Upload {UploadId} failed; its blob was discarded")]
    private static partial void LogFailed(ILogger logger, Guid uploadId);
}
