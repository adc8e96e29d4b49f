namespace Drive.Files.Uploads;

/// <summary>Starts an upload: of a new file, or of a new version of an existing file's content.</summary>
/// <param name="ParentId">The folder to put a new file in; the root when omitted. Omit it for a new version.</param>
/// <param name="Name">The new file's name. Omit it for a new version, which keeps the file's name.</param>
/// <param name="Size">The exact length in bytes, 0 to 5 TiB.</param>
/// <param name="ContentType">The media type; application/octet-stream when omitted.</param>
/// <param name="Sha256">Optional hex SHA-256 of the content, checked at completion.</param>
/// <param name="FileId">
/// The file to upload a new version of. Completing the upload replaces its content and keeps its id, name and
/// folder; omit it to create a new file.
/// </param>
public sealed record CreateUploadRequest(
    Guid? ParentId, string? Name, long? Size, string? ContentType, string? Sha256, Guid? FileId = null);

/// <summary>Where and how to send the bytes.</summary>
/// <param name="UploadId">Pass it to complete or abort.</param>
/// <param name="ExpiresAt">After this the URLs stop working and the upload is cleaned up.</param>
/// <param name="Parts">Send each part, in any order and in parallel, then complete.</param>
public sealed record UploadResponse(Guid UploadId, DateTimeOffset ExpiresAt, IReadOnlyList<UploadPart> Parts);

/// <summary>One range of the file and the request that stores it.</summary>
/// <param name="Number">1-based part number.</param>
/// <param name="Offset">Offset of the first byte in the file.</param>
/// <param name="Length">Number of bytes in this part.</param>
/// <param name="Url">Signed blob storage URL.</param>
/// <param name="Method">HTTP method, always PUT.</param>
/// <param name="Headers">Headers the request must carry.</param>
public sealed record UploadPart(
    int Number, long Offset, long Length, string Url, string Method, IReadOnlyDictionary<string, string> Headers);
