using System.ComponentModel.DataAnnotations;

namespace Drive.ServiceDefaults.Security;

/// <summary>
/// How Drive's access tokens are signed and checked. Drive.Auth signs; the gateway and every service verify,
/// so all of them receive the same section (the AppHost passes it from one secret parameter).
/// </summary>
public sealed record JwtOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Jwt";

    /// <summary>The <c>iss</c> claim Drive.Auth writes and everyone expects.</summary>
    [Required]
    public string Issuer { get; init; } = "drive-auth";

    /// <summary>The <c>aud</c> claim Drive.Auth writes and everyone expects.</summary>
    [Required]
    public string Audience { get; init; } = "drive";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8.</summary>
    [Required, MinLength(32)]
    public string SigningKey { get; init; } = "";

    /// <summary>How long an access token lives.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);
}
