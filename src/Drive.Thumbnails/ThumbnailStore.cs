using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Drive.Contracts.Thumbnails;

namespace Drive.Thumbnails;

/// <summary>Reads content blobs from <c>files</c> and writes, lists and deletes blobs in <c>thumbnails</c>.</summary>
internal sealed class ThumbnailStore(BlobServiceClient blobs)
{
    public const string FilesContainer = "files";
    public const string ThumbnailsContainer = "thumbnails";

    private const string CacheControl = "public, max-age=31536000, immutable";

    private readonly BlobContainerClient files = blobs.GetBlobContainerClient(FilesContainer);
    private readonly BlobContainerClient thumbnails = blobs.GetBlobContainerClient(ThumbnailsContainer);
    private volatile bool containerReady;

    /// <summary>The content of <paramref name="blobName"/>, or null when it no longer exists.</summary>
    public async Task<byte[]?> DownloadSourceAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await files.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return response.Value.Content.ToArray();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes (or overwrites) a JPEG thumbnail or preview with long-lived cache headers.</summary>
    public async Task SaveThumbnailAsync(string name, byte[] jpeg, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg", CacheControl = CacheControl },
        };
        await thumbnails.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(jpeg), upload, cancellationToken);
    }

    /// <summary>
    /// Deletes every thumbnail and preview of every version of <paramref name="fileId"/>; returns how many there were.
    /// </summary>
    public async Task<int> DeleteThumbnailsAsync(Guid fileId, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var count = 0;
        var prefix = ThumbnailBlobNames.OfFile(fileId);
        var blobs = thumbnails.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken);
        await foreach (var blob in blobs)
        {
            var deleted = await thumbnails.DeleteBlobIfExistsAsync(blob.Name, DeleteSnapshotsOption.IncludeSnapshots,
                cancellationToken: cancellationToken);
            count += deleted.Value ? 1 : 0;
        }

        return count;
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!containerReady)
        {
            await thumbnails.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            containerReady = true;
        }
    }
}
