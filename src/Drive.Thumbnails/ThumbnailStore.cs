using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

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

    /// <summary>
    /// The name of a rendition of one content blob: <c>{fileId}/{hash}-{size}.jpg</c>, where <c>hash</c> is the first
    /// 32 hex digits of the SHA-256 of <paramref name="sourceBlobName"/>. The same on every redelivery, so a retry
    /// overwrites it, and different for new content, so the immutable cache header stays true.
    /// </summary>
    /// <remarks>
    /// Two renditions are written per content blob: the thumbnail, <paramref name="size"/> =
    /// <see cref="ThumbnailOptions.Height"/> (256: 256 pixels high, up to 4 times as wide), whose name is the
    /// <c>ThumbnailBlobName</c> of <c>ThumbnailReady</c>; and the preview, <paramref name="size"/> =
    /// <see cref="ThumbnailOptions.PreviewSize"/> (1024 on the long side). The preview's name is derived from the
    /// thumbnail's by replacing its <c>-256.jpg</c> suffix with <c>-1024.jpg</c>; it is written before the
    /// thumbnail, so it exists whenever <c>ThumbnailReady</c> has been published.
    /// </remarks>
    public static string ThumbnailName(Guid fileId, string sourceBlobName, int size)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceBlobName)));
        return $"{fileId:D}/{hash[..32]}-{size}.jpg";
    }

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

    /// <summary>Deletes every thumbnail and preview of <paramref name="fileId"/>; returns how many there were.</summary>
    public async Task<int> DeleteThumbnailsAsync(Guid fileId, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var count = 0;
        await foreach (var blob in thumbnails.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{fileId:D}/",
            cancellationToken))
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
