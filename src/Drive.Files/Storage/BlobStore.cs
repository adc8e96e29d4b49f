using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace Drive.Files.Storage;

/// <summary>The files service's view of blob storage: signed URLs, block lists, hashing and deletion.</summary>
public sealed class BlobStore(BlobServiceClient service, TimeProvider time)
{
    /// <summary>The container of committed file contents; only the service writes to it.</summary>
    public const string FilesContainer = "files";

    /// <summary>
    /// The container clients write uploads to, one staging blob per upload named by its id. Completion copies a
    /// verified staging blob into <see cref="FilesContainer"/>, so a write URL never reaches committed content.
    /// </summary>
    public const string UploadsContainer = "uploads";

    /// <summary>The container Drive.Thumbnails writes to.</summary>
    public const string ThumbnailsContainer = "thumbnails";

    /// <summary>The service client, for start-up configuration.</summary>
    public BlobServiceClient Service => service;

    /// <summary>How far storage's clock may be off ours; a signed URL is honoured up to this long after it expires.</summary>
    public static TimeSpan ClockSkew { get; } = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan CopyLifetime = TimeSpan.FromHours(1);

    /// <summary>The Cache-Control of responses to private read URLs: no cache, shared or not, may store them.</summary>
    public const string PrivateContent = "private, no-store";

    private BlockBlobClient Blob(string container, string blobName) =>
        service.GetBlobContainerClient(container).GetBlockBlobClient(blobName);

    private BlockBlobClient StagingBlob(string blobName) => Blob(UploadsContainer, blobName);

    /// <summary>
    /// A URL that lets its holder create and write one staging blob (whole, or block by block) until it expires.
    /// </summary>
    public Uri CreateWriteUri(string stagingBlobName, DateTimeOffset expiresAt)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresAt)
        {
            BlobContainerName = UploadsContainer,
            BlobName = stagingBlobName,
            Resource = "b",
            StartsOn = time.GetUtcNow() - ClockSkew,
        };
        return StagingBlob(stagingBlobName).GenerateSasUri(sas);
    }

    /// <summary>
    /// A short-lived read URL whose responses carry the given disposition and media type, and forbid every cache to
    /// keep them: it is for one person's private content.
    /// </summary>
    public Uri CreateReadUri(
        string container, string blobName, TimeSpan lifetime, string? contentDisposition, string? contentType)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(blobName);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, time.GetUtcNow() + lifetime)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = time.GetUtcNow() - ClockSkew,
            CacheControl = PrivateContent,
            ContentDisposition = contentDisposition,
            ContentType = contentType,
        };
        return blob.GenerateSasUri(sas);
    }

    /// <summary>
    /// A read URL of content that never changes under its name, identical for every request within one window of
    /// <paramref name="window"/> so that shared caches can keep it: signed from the window's start (less the clock
    /// skew) to the end of the next window, its responses marked public for one window, which always ends before the
    /// signature does. With <paramref name="publicBase"/> (the container's public address at an edge cache or CDN)
    /// the URL points there instead of at the blob endpoint; the signature is the same either way.
    /// </summary>
    public Uri CreateCacheableReadUri(string container, string blobName, TimeSpan window, Uri? publicBase)
    {
        // 1. The window the current time falls in, counted from the Unix epoch.
        var now = time.GetUtcNow().UtcDateTime;
        var windowStart = new DateTimeOffset(now.Ticks - (now.Ticks - DateTime.UnixEpoch.Ticks) % window.Ticks,
            TimeSpan.Zero);

        // 2. A signature fixed by the window alone, and a cache lifetime no longer than the signature's.
        var containerClient = service.GetBlobContainerClient(container);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, windowStart + 2 * window)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = windowStart - ClockSkew,
            CacheControl = $"public, max-age={(long)window.TotalSeconds}, immutable",
        };
        var signed = containerClient.GetBlobClient(blobName).GenerateSasUri(sas);
        if (publicBase is null)
        {
            return signed;
        }

        // 3. The same escaped blob name and query under the public address.
        var escapedName = signed.AbsolutePath[containerClient.Uri.AbsolutePath.TrimEnd('/').Length..].TrimStart('/');
        return new Uri(publicBase, escapedName + signed.Query);
    }

    /// <summary>The committed length of a blob, or null when it does not exist.</summary>
    public async Task<long?> GetLengthAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Blob(container, blobName).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>The committed and uncommitted blocks of a staging blob; both empty when nothing was sent.</summary>
    public async Task<BlockList> GetBlockListAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var list = await StagingBlob(blobName).GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken);
            return list.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return BlobsModelFactory.BlockList([], []);
        }
    }

    /// <summary>Commits the staged blocks, in order, as the staging blob's content.</summary>
    public Task CommitBlocksAsync(
        string blobName, IEnumerable<string> blockIds, string contentType, CancellationToken cancellationToken) =>
        StagingBlob(blobName).CommitBlockListAsync(
            blockIds,
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);

    /// <summary>Sets the stored media type of a staging blob written in one PUT.</summary>
    public Task SetContentTypeAsync(string blobName, string contentType, CancellationToken cancellationToken) =>
        StagingBlob(blobName).SetHttpHeadersAsync(
            new BlobHttpHeaders { ContentType = contentType }, cancellationToken: cancellationToken);

    /// <summary>Reads the committed blob from storage and returns its lower-case hex SHA-256.</summary>
    public async Task<string> ComputeSha256Async(string container, string blobName, CancellationToken cancellationToken)
    {
        var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 * 1024 * 1024 };
        await using var stream = await Blob(container, blobName).OpenReadAsync(options, cancellationToken);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Copies a committed staging blob, with its media type, to <paramref name="fileBlobName"/> in the files container
    /// and waits until the copy is done (within one account storage copies without moving the bytes through us).
    /// </summary>
    public async Task CopyToFilesAsync(string stagingBlobName, string fileBlobName, CancellationToken cancellationToken)
    {
        var source = StagingBlob(stagingBlobName).GenerateSasUri(BlobSasPermissions.Read, time.GetUtcNow() + CopyLifetime);
        var copy = await Blob(FilesContainer, fileBlobName)
            .StartCopyFromUriAsync(source, cancellationToken: cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
    }

    /// <summary>The names of every staging blob, committed or holding only uncommitted blocks.</summary>
    public async IAsyncEnumerable<string> ListStagingBlobsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = service.GetBlobContainerClient(UploadsContainer);
        await foreach (var blob in container.GetBlobsAsync(
            new GetBlobsOptions { States = BlobStates.Uncommitted }, cancellationToken))
        {
            yield return blob.Name;
        }
    }

    /// <summary>The names of the committed blobs of <paramref name="container"/> that start with the prefix.</summary>
    public async IAsyncEnumerable<string> ListAsync(string container, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobs = service.GetBlobContainerClient(container);
        await foreach (var blob in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            yield return blob.Name;
        }
    }

    /// <summary>
    /// Deletes a staging blob, or discards its uncommitted blocks when it was never committed (by committing an empty
    /// block list, then deleting that empty blob).
    /// </summary>
    public async Task DiscardAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = StagingBlob(blobName);
        var deleted = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        if (!deleted.Value && (await GetBlockListAsync(blobName, cancellationToken)).UncommittedBlocks.Any())
        {
            await blob.CommitBlockListAsync([], cancellationToken: cancellationToken);
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes a blob of any container if it exists.</summary>
    public Task DeleteIfExistsAsync(string container, string blobName, CancellationToken cancellationToken) =>
        service.GetBlobContainerClient(container).GetBlobClient(blobName)
            .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
}
