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
    public long Size { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content, computed from storage at upload.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The content blob in the <c>files</c> container, <c>{ownerId}/{itemId}</c>; only the service writes it.</summary>
    public string? BlobName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>When the item, or the folder it was trashed with, went to the trash.</summary>
    public DateTimeOffset? TrashedAt { get; set; }

    /// <summary>The item whose trashing hid this one; equal to <see cref="Id"/> for an item trashed itself.</summary>
    public Guid? TrashedWith { get; set; }

    public ThumbnailState ThumbnailState { get; set; }

    /// <summary>The thumbnail blob in the <c>thumbnails</c> container, once ready.</summary>
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
