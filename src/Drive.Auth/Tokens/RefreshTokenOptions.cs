using System.ComponentModel.DataAnnotations;

namespace Drive.Auth.Tokens;

/// <summary>How long a sign-in can be kept alive by refreshing.</summary>
public sealed record RefreshTokenOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "RefreshTokens";

    /// <summary>Lifetime of each refresh token; every refresh issues a new one with a full lifetime.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(14);
}
