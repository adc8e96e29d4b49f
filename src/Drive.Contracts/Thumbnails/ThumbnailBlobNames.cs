namespace Drive.Contracts.Thumbnails;

/// <summary>
/// The one place that names thumbnail blobs in the <c>thumbnails</c> container. Drive.Thumbnails writes them under
/// these names, Drive.Files records and signs them, sweeps superseded ones and deletes them all with the file.
/// </summary>
/// <remarks>
/// A rendition is named <c>{fileId}/{sha256}-{size}.jpg</c>: the file's id, the lower-case hex SHA-256 of the content
/// it was made from, and the rendition's size (256, the thumbnail; 1024, the preview). New content therefore gets new
/// names, and new signed URLs, while a redelivered job overwrites its own renditions with the same bytes. Every
/// rendition of every version of a file shares the prefix <c>{fileId}/</c>, so one listing finds them all.
/// </remarks>
public static class ThumbnailBlobNames
{
    /// <summary>The prefix shared by every rendition of every version of <paramref name="fileId"/>.</summary>
    public static string OfFile(Guid fileId) => $"{fileId:D}/";

    /// <summary>The rendition of <paramref name="size"/> pixels made from content whose SHA-256 is given.</summary>
    public static string Rendition(Guid fileId, string contentSha256, int size)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentSha256);
        return $"{OfContent(fileId, contentSha256)}{size}.jpg";
    }

    /// <summary>The prefix shared by every rendition of one content of <paramref name="fileId"/>.</summary>
    public static string OfContent(Guid fileId, string contentSha256) => $"{OfFile(fileId)}{contentSha256}-";

    /// <summary>Whether two rendition names were made from the same content of the same file.</summary>
    public static bool SameContent(string rendition, string other) =>
        string.Equals(ContentPrefix(rendition), ContentPrefix(other), StringComparison.Ordinal);

    private static string ContentPrefix(string rendition) => rendition[..(rendition.LastIndexOf('-') + 1)];
}
