namespace Drive.Auth.Data;

/// <summary>A Drive account.</summary>
public sealed class User
{
    /// <summary>The id other services see as the token's <c>sub</c> claim.</summary>
    public Guid Id { get; init; }

    /// <summary>The e-mail address, trimmed and lower-case; unique.</summary>
    public required string Email { get; init; }

    /// <summary>The name shown in the front end.</summary>
    public required string DisplayName { get; set; }

    /// <summary>The encoded password hash (see <see cref="Passwords.Pbkdf2PasswordHasher"/>).</summary>
    public required string PasswordHash { get; set; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
