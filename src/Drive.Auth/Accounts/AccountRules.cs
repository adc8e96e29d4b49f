using System.Net.Mail;

namespace Drive.Auth.Accounts;

/// <summary>What a valid e-mail address, password and display name look like.</summary>
public static class AccountRules
{
    /// <summary>Longest e-mail address accepted (RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Shortest password accepted.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Longest password accepted; bounds the hashing work a request can ask for.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>Longest display name accepted.</summary>
    public const int MaxDisplayNameLength = 100;

    /// <summary>The stored form of an e-mail address: trimmed and lower-case.</summary>
    public static string NormalizeEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>Checks a registration; returns the problems by field name (camelCase), empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(string email, string? password, string displayName)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidEmail(email))
        {
            errors["email"] = [$"Give an e-mail address such as name@example.com, at most {MaxEmailLength} characters."];
        }

        if (password is null || password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors["password"] =
                [$"Choose a password of {MinPasswordLength} to {MaxPasswordLength} characters."];
        }

        if (displayName.Length is 0 or > MaxDisplayNameLength || displayName.Any(char.IsControl))
        {
            errors["displayName"] =
                [$"Give a display name of 1 to {MaxDisplayNameLength} characters, without control characters."];
        }

        return errors;
    }

    private static bool IsValidEmail(string email) =>
        email.Length is > 0 and <= MaxEmailLength
        && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailAddress.TryCreate(email, out var parsed)
        && parsed.Address == email
        && parsed.Host.Length > 0;
}
