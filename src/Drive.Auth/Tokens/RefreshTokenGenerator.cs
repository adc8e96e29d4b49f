using System.Security.Cryptography;
using System.Text;

namespace Drive.Auth.Tokens;

/// <summary>A refresh token as the client gets it, and the hash the database keeps.</summary>
/// <param name="Value">256 random bits, base64url; never stored.</param>
/// <param name="Hash">SHA-256 of <paramref name="Value"/>.</param>
public sealed record NewRefreshToken(string Value, byte[] Hash);

/// <summary>Makes refresh token values and hashes presented ones for lookup.</summary>
public sealed class RefreshTokenGenerator(RandomNumberGenerator random)
{
    private const int ValueBytes = 32;

    /// <summary>A fresh random token.</summary>
    public NewRefreshToken Create()
    {
        var bytes = new byte[ValueBytes];
        random.GetBytes(bytes);
        var value = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new NewRefreshToken(value, HashValue(value));
    }

    /// <summary>The lookup key of a presented token value.</summary>
    public static byte[] HashValue(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
