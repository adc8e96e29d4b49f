using System.ComponentModel.DataAnnotations;

namespace Drive.Auth.Passwords;

/// <summary>Work factor of the password hash.</summary>
public sealed record PasswordHashingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "PasswordHashing";

    /// <summary>The floor OWASP recommends for PBKDF2-HMAC-SHA256.</summary>
    public const int MinimumIterations = 600_000;

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new hashes.</summary>
    [Range(MinimumIterations, Pbkdf2PasswordHasher.MaximumIterations)]
    public int Iterations { get; init; } = MinimumIterations;
}
