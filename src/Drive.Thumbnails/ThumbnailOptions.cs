using System.ComponentModel.DataAnnotations;

namespace Drive.Thumbnails;

/// <summary>Limits and shape of thumbnails. Bound from the <c>Thumbnails</c> section.</summary>
public sealed class ThumbnailOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Thumbnails";

    /// <summary>Thumbnail height in pixels; smaller images are not enlarged.</summary>
    [Range(16, 2048)]
    public int Height { get; set; } = 256;

    /// <summary>Widest thumbnail, in multiples of <see cref="Height"/>, so panoramas stay bounded.</summary>
    [Range(1, 16)]
    public int MaxAspectRatio { get; set; } = 4;

    /// <summary>Largest source image, in pixels (width times height), read from its header before decoding.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Largest source width or height in pixels.</summary>
    [Range(1, 100_000)]
    public int MaxDimension { get; set; } = 30_000;

    /// <summary>Largest source file in bytes; bigger ones are refused without being downloaded.</summary>
    [Range(1, long.MaxValue)]
    public long MaxSourceBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long decoding and encoding one thumbnail may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>JPEG quality of thumbnails.</summary>
    [Range(1, 100)]
    public int Quality { get; set; } = 80;
}
