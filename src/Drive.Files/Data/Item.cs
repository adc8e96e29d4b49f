namespace Drive.Files.Data;

/// <summary>A folder or a file owned by one user.</summary>
public sealed class Item
{
    public Guid Id { get; init; }

    public Guid OwnerId { get; init; }

    public ItemKind Kind { get; init; }

    /// <summary>NFC-normalized; unique among the non-trashed children of <see cref="ParentId"/>.</summary>
    public required string Name { get; set; }

    /// <summary>Null only for the user's root folder.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>Content length in bytes; 0 for folders.</summary>
    public long Size { get; set; }

    public string? ContentType { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content, computed from storage at upload.</summary>
    public string? Sha256 { get; set; }

    /// <summary>
    /// The content blob in the <c>files</c> container, <c>{ownerId}/{uploadId}</c> of the upload that brought this
    /// version (the item's own id for the first one); only the service writes it, and no name is ever reused.
    /// </summary>
    public string? BlobName { get; set; }

    /// <summary>1 for a file's first content, one more for each new version uploaded since; 1 for folders.</summary>
    public int ContentVersion { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>When the item, or the folder it was trashed with, went to the trash.</summary>
    public DateTimeOffset? TrashedAt { get; set; }

    /// <summary>The item whose trashing hid this one; equal to <see cref="Id"/> for an item trashed itself.</summary>
    public Guid? TrashedWith { get; set; }

    public ThumbnailState ThumbnailState { get; set; }

    /// <summary>
    /// The thumbnail blob of the current content in the <c>thumbnails</c> container, once ready; named by
    /// <c>Drive.Contracts.Thumbnails.ThumbnailBlobNames</c>.
    /// </summary>
    public string? ThumbnailBlobName { get; set; }

    /// <summary>Why no thumbnail could be made, when failed.</summary>
    public string? ThumbnailFailureReason { get; set; }

    public Item? Parent { get; init; }
}

/// <summary>Folders sort before files, so the numeric values matter.</summary>
public enum ItemKind
{
    Folder = 0,
    File = 1,
}

/// <summary>Where a file's thumbnail stands.</summary>
public enum ThumbnailState
{
    None = 0,
    Pending = 1,
    Ready = 2,
    Failed = 3,
}
