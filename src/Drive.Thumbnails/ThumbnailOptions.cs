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

    /// <summary>
    /// Long side of the larger preview in pixels (the JPEG beside each thumbnail); smaller images are not enlarged.
    /// The thumbnail is made from the preview, so it is never larger than it.
    /// </summary>
    [Range(256, 4096)]
    public int PreviewSize { get; set; } = 1024;

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

    /// <summary>The pdftoppm executable (Debian poppler-utils) that renders a PDF's first page.</summary>
    [Required]
    public string PdfToPpmPath { get; set; } = "pdftoppm";

    /// <summary>The ffmpeg executable that takes a video's frame and decodes bitmaps.</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Address space an external decoder (pdftoppm, ffmpeg) may use, in bytes.</summary>
    [Range(64L * 1024 * 1024, long.MaxValue)]
    public long MaxToolMemoryBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Largest file an external decoder may write, in bytes.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxToolOutputBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>JPEG quality of thumbnails and previews.</summary>
    [Range(1, 100)]
    public int Quality { get; set; } = 80;
}
