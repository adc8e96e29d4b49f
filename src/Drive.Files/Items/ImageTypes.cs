namespace Drive.Files.Items;

/// <summary>Decides which files are worth a thumbnail attempt.</summary>
public static class ImageTypes
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".svg",
    };

    private static readonly HashSet<string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff", "image/bmp", "image/heic", "image/heif",
        "image/svg+xml",
    };

    /// <summary>True when the media type or the name's extension names an image format.</summary>
    public static bool LooksLikeImage(string name, string contentType) =>
        MediaTypes.Contains(contentType.Split(';')[0].Trim()) || Extensions.Contains(Path.GetExtension(name));

    /// <summary>The thumbnail state of new content: pending when it looks like an image, else none.</summary>
    public static Data.ThumbnailState InitialThumbnailState(string name, string contentType) =>
        LooksLikeImage(name, contentType) ? Data.ThumbnailState.Pending : Data.ThumbnailState.None;
}
