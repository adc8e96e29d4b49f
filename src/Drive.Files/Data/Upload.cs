namespace Drive.Files.Data;

/// <summary>A file being sent straight to blob storage, in one or more parts.</summary>
public sealed class Upload
{
    public Guid Id { get; init; }

    public Guid OwnerId { get; init; }

    /// <summary>The folder of the new file; for a new version, the file's folder when the upload started.</summary>
    public Guid ParentId { get; init; }

    /// <summary>
    /// The file whose content this upload replaces (a new version); null for an upload that creates a new file.
    /// </summary>
    public Guid? TargetFileId { get; init; }

    /// <summary>
    /// NFC-normalized, checked when the upload starts and again at completion; for a new version, the file's name when
    /// the upload started (completion keeps whatever name the file has then).
    /// </summary>
    public required string Name { get; init; }

    public long Size { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Lower-case hex SHA-256 the client declared, checked at completion.</summary>
    public string? DeclaredSha256 { get; init; }

    /// <summary>The staging blob clients write to: <c>{uploadId}</c> in the <c>uploads</c> container.</summary>
    public required string BlobName { get; init; }

    /// <summary>1 for a single PUT of the whole blob; otherwise the number of staged blocks.</summary>
    public int PartCount { get; init; }

    /// <summary>Length of every part but the last one.</summary>
    public long PartSize { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public UploadState State { get; set; }

    /// <summary>The item created (or given new content) by completion, so completing again returns it.</summary>
    public Guid? ItemId { get; set; }

    /// <summary>
    /// The content blob a completed new version replaced. It is deleted right after the completion commits; should
    /// that fail, the cleaner deletes it when it removes this row.
    /// </summary>
    public string? ReplacedBlobName { get; set; }

    /// <summary>PostgreSQL's xmin, so two concurrent completions cannot both win.</summary>
    public uint Version { get; set; }
}

/// <summary>An upload's life.</summary>
public enum UploadState
{
    Pending = 0,
    Completed = 1,
    Aborted = 2,
    Failed = 3,
}
