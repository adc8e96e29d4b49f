using System.ComponentModel.DataAnnotations;

namespace Drive.Files;

/// <summary>Limits and lifetimes of the files service (configuration section <c>Files</c>).</summary>
public sealed record FilesOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Files";

    /// <summary>The largest file accepted: 5 TiB, the most a block blob of 50,000 blocks holds comfortably.</summary>
    public const long MaxFileSize = 5L * 1024 * 1024 * 1024 * 1024;

    /// <summary>Bytes each user may store, trashed files included. Default 15 GiB.</summary>
    [Range(0, long.MaxValue)]
    public long QuotaBytes { get; init; } = 15L * 1024 * 1024 * 1024;

    /// <summary>Files up to this size are sent in one part; larger ones in parts of this size (or more for huge files).</summary>
    [Range(1024 * 1024, 4000L * 1024 * 1024)]
    public long PartSize { get; init; } = 8L * 1024 * 1024;

    /// <summary>How long an upload (and its write URLs) stays valid before it is cleaned up.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UploadLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a download or thumbnail URL stays valid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan DownloadLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a thumbnail URL stays the same. Thumbnail URLs are signed per window of this length (valid until the
    /// end of the next window) and marked cacheable by shared caches for one window, so an edge cache or CDN keeps
    /// one copy per thumbnail and window.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ThumbnailUrlWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The public address of the thumbnails container, ending in <c>/</c>: an edge cache or CDN path that forwards to
    /// that container with the query string intact (locally <c>http://localhost:8080/media/thumbnails/</c>). When
    /// unset, thumbnail URLs point at the blob endpoint itself.
    /// </summary>
    [AbsoluteFolderUrl]
    public Uri? ThumbnailBaseUrl { get; init; }

    /// <summary>How often expired uploads are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>Settings shared across Drive that the files service reads (configuration section <c>Drive</c>).</summary>
public sealed record DriveSharedOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Drive";

    /// <summary>
    /// Origins whose browser pages may PUT and GET blobs directly, separated by commas or semicolons; "*" allows any.
    /// </summary>
    [Required]
    public string PublicOrigins { get; init; } = "*";
}

/// <summary>Accepts null or an absolute http(s) URL whose path ends in <c>/</c>, so names can be appended to it.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteFolderUrlAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is null
        || value is Uri { IsAbsoluteUri: true } url && url.Scheme is "http" or "https"
            && url.AbsolutePath.EndsWith('/') && string.IsNullOrEmpty(url.Query);

    public override string FormatErrorMessage(string name) =>
        $"{name} must be an absolute http or https URL ending in '/', without a query (for example "
        + "http://localhost:8080/media/thumbnails/).";
}
