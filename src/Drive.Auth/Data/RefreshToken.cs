namespace Drive.Auth.Data;

/// <summary>
/// One refresh token, stored only as the SHA-256 of its value. Every refresh replaces the token with a new one of
/// the same family; presenting a replaced token again revokes the whole family.
/// </summary>
public sealed class RefreshToken
{
    /// <summary>Row id.</summary>
    public Guid Id { get; init; }

    /// <summary>The account the token signs in.</summary>
    public Guid UserId { get; init; }

    /// <summary>All tokens descended from one sign-in share this id.</summary>
    public Guid FamilyId { get; init; }

    /// <summary>SHA-256 of the token value; unique.</summary>
    public required byte[] TokenHash { get; init; }

    /// <summary>When the token was issued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this instant the token is refused.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the token stopped being valid (rotated or revoked), if it has.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The token that replaced this one on refresh, if any.</summary>
    public Guid? ReplacedById { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: two refreshes racing on one token cannot both succeed.</summary>
    public uint Version { get; set; }
}
