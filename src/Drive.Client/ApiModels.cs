using System.Text.Json.Serialization;

namespace Drive.Client;

/// <summary>The public API's shapes as a client sees them.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);

public sealed record Me(Guid Id, string Email, string DisplayName, long UsedBytes, long QuotaBytes);

public sealed record Thumbnail(string State, string? Url);

public sealed record Item(
    Guid Id,
    string Kind,
    string Name,
    Guid? ParentId,
    long? Size,
    string? ContentType,
    string? Sha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt,
    Thumbnail? Thumbnail,
    int ContentVersion = 1);

public sealed record ItemPage(IReadOnlyList<Item> Items, string? NextPageToken);

public sealed record UploadPart(
    int Number,
    long Offset,
    long Length,
    string Url,
    string Method,
    IReadOnlyDictionary<string, string> Headers);

public sealed record UploadSession(Guid UploadId, DateTimeOffset ExpiresAt, IReadOnlyList<UploadPart> Parts);

/// <summary>An RFC 9457 problem as the API answers every error.</summary>
public sealed record Problem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    [JsonExtensionData]
    public IDictionary<string, object>? Extensions { get; init; }
}
