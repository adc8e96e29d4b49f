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
    /// <summary>The container of file contents.</summary>
    public const string FilesContainer = "files";

    /// <summary>The container Drive.Thumbnails writes to.</summary>
    public const string ThumbnailsContainer = "thumbnails";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The service client, for start-up configuration.</summary>
    public BlobServiceClient Service => service;

    private BlockBlobClient FileBlob(string blobName) =>
        service.GetBlobContainerClient(FilesContainer).GetBlockBlobClient(blobName);

    /// <summary>A URL that lets its holder create and write one blob (whole, or block by block) until it expires.</summary>
    public Uri CreateWriteUri(string blobName, DateTimeOffset expiresAt)
    {
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresAt)
        {
            BlobContainerName = FilesContainer,
            BlobName = blobName,
            Resource = "b",
            StartsOn = time.GetUtcNow() - ClockSkew,
        };
        return FileBlob(blobName).GenerateSasUri(sas);
    }

    /// <summary>A short-lived read URL whose responses carry the given disposition and media type.</summary>
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
            ContentDisposition = contentDisposition,
            ContentType = contentType,
        };
        return blob.GenerateSasUri(sas);
    }

    /// <summary>The committed length of a blob, or null when it does not exist.</summary>
    public async Task<long?> GetLengthAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await FileBlob(blobName).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>The committed and uncommitted blocks of a blob; both empty when nothing was sent.</summary>
    public async Task<BlockList> GetBlockListAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var list = await FileBlob(blobName).GetBlockListAsync(BlockListTypes.All, cancellationToken: cancellationToken);
            return list.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return BlobsModelFactory.BlockList([], []);
        }
    }

    /// <summary>Commits the staged blocks, in order, as the blob's content.</summary>
    public Task CommitBlocksAsync(
        string blobName, IEnumerable<string> blockIds, string contentType, CancellationToken cancellationToken) =>
        FileBlob(blobName).CommitBlockListAsync(
            blockIds,
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);

    /// <summary>Sets the stored media type of a blob written in one PUT.</summary>
    public Task SetContentTypeAsync(string blobName, string contentType, CancellationToken cancellationToken) =>
        FileBlob(blobName).SetHttpHeadersAsync(
            new BlobHttpHeaders { ContentType = contentType }, cancellationToken: cancellationToken);

    /// <summary>Reads the committed blob from storage and returns its lower-case hex SHA-256.</summary>
    public async Task<string> ComputeSha256Async(string blobName, CancellationToken cancellationToken)
    {
        var options = new BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 * 1024 * 1024 };
        await using var stream = await FileBlob(blobName).OpenReadAsync(options, cancellationToken);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Deletes a file blob, or discards its uncommitted blocks when it was never committed (by committing an empty
    /// block list, then deleting that empty blob).
    /// </summary>
    public async Task DiscardAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = FileBlob(blobName);
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
