namespace Drive.Client;

/// <summary>A client's guess of a file's media type from its name, as a browser makes it.</summary>
public static class ContentTypes
{
    /// <summary>The media type for <paramref name="fileName"/>'s extension, or application/octet-stream.</summary>
    public static string Guess(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}
