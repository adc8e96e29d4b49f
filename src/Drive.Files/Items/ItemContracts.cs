using Drive.Files.Data;

namespace Drive.Files.Items;

/// <summary>A folder or file as the API shows it.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Kind">"folder" or "file".</param>
/// <param name="Name">The NFC-normalized name.</param>
/// <param name="ParentId">The containing folder; null for the root.</param>
/// <param name="Size">Content length in bytes; 0 for folders.</param>
/// <param name="ContentType">The media type given at upload; null for folders.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content; null for folders.</param>
/// <param name="ContentVersion">1 for a file's first content, one more for each new version uploaded since.</param>
/// <param name="CreatedAt">When the item was created.</param>
/// <param name="ModifiedAt">When it was last renamed, moved, given a new version or created.</param>
/// <param name="TrashedAt">When it went to the trash, or null while it is not there.</param>
/// <param name="Thumbnail">The thumbnail's state and, when ready, where to fetch it.</param>
public sealed record ItemResponse(
    Guid Id,
    string Kind,
    string Name,
    Guid? ParentId,
    long Size,
    string? ContentType,
    string? Sha256,
    int ContentVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    DateTimeOffset? TrashedAt,
    ThumbnailResponse Thumbnail)
{
    internal static ItemResponse From(Item item) => new(
        item.Id,
        item.Kind == ItemKind.Folder ? "folder" : "file",
        item.Name,
        item.ParentId,
        item.Size,
        item.ContentType,
        item.Sha256,
        item.ContentVersion,
        item.CreatedAt,
        item.ModifiedAt,
        item.TrashedAt,
        new ThumbnailResponse(
            item.ThumbnailState.ToString().ToLowerInvariant(),
            item.ThumbnailState == ThumbnailState.Ready ? $"/api/items/{item.Id}/thumbnail" : null));
}

/// <summary>A file's thumbnail.</summary>
/// <param name="State">"none", "pending", "ready" or "failed".</param>
/// <param name="Url">The API path that redirects to the thumbnail, when ready.</param>
public sealed record ThumbnailResponse(string State, string? Url);

/// <summary>One page of items.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="NextPageToken">Pass it as <c>pageToken</c> for the next page; null on the last one.</param>
public sealed record ItemPage(IReadOnlyList<ItemResponse> Items, string? NextPageToken);

/// <summary>Creates a folder.</summary>
/// <param name="ParentId">The folder to create it in; the root when omitted.</param>
/// <param name="Name">The new folder's name.</param>
public sealed record CreateFolderRequest(Guid? ParentId, string? Name);

/// <summary>Renames or moves an item; omitted fields stay as they are.</summary>
/// <param name="Name">The new name.</param>
/// <param name="ParentId">The folder to move the item into.</param>
public sealed record UpdateItemRequest(string? Name, Guid? ParentId);

/// <summary>Storage used by the caller.</summary>
/// <param name="UsedBytes">Sum of the sizes of the caller's files, trashed ones included.</param>
/// <param name="QuotaBytes">How many bytes the caller may store.</param>
public sealed record UsageResponse(long UsedBytes, long QuotaBytes);
