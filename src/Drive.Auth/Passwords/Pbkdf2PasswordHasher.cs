using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Drive.Auth.Passwords;

/// <summary>
/// PBKDF2-HMAC-SHA256 with a 16-byte random salt and a 32-byte key. A hash is stored as
/// <c>v1${iterations}${salt, base64}${key, base64}</c>; the version prefix lets a later format coexist.
/// </summary>
public sealed class Pbkdf2PasswordHasher(IOptions<PasswordHashingOptions> options, RandomNumberGenerator random)
    : IPasswordHasher
{
    /// <summary>The version tag of the current format.</summary>
    public const string FormatVersion = "v1";

    /// <summary>Hashes claiming more iterations than this are refused rather than computed.</summary>
    public const int MaximumIterations = 10_000_000;

    private const int SaltSize = 16;
    private const int KeySize = 32;
    private const char Separator = '$';

    private readonly Lazy<string> _decoy = new(() => Encode(
        options.Value.Iterations, new byte[SaltSize], new byte[KeySize]));

    /// <inheritdoc />
    public string Hash(string password)
    {
        var iterations = options.Value.Iterations;
        var salt = new byte[SaltSize];
        random.GetBytes(salt);
        return Encode(iterations, salt, Derive(password, salt, iterations));
    }

    /// <inheritdoc />
    public PasswordVerification Verify(string password, string? encodedHash)
    {
        if (encodedHash is null)
        {
            VerifyParsed(password, _decoy.Value);
            return PasswordVerification.Failed;
        }

        return VerifyParsed(password, encodedHash);
    }

    private PasswordVerification VerifyParsed(string password, string encodedHash)
    {
        if (!TryDecode(encodedHash, out var iterations, out var salt, out var expected))
        {
            return PasswordVerification.Failed;
        }

        var actual = Derive(password, salt, iterations);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        return iterations < options.Value.Iterations
            ? PasswordVerification.SucceededRehashNeeded
            : PasswordVerification.Succeeded;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, KeySize);

    private static string Encode(int iterations, byte[] salt, byte[] key) => string.Join(
        Separator,
        FormatVersion,
        iterations.ToString(CultureInfo.InvariantCulture),
        Convert.ToBase64String(salt),
        Convert.ToBase64String(key));

    private static bool TryDecode(string encoded, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = encoded.Split(Separator);
        if (parts is not [FormatVersion, var count, var saltText, var keyText]
            || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > MaximumIterations)
        {
            return false;
        }

        return TryDecodeBase64(saltText, SaltSize, out salt) && TryDecodeBase64(keyText, KeySize, out key);
    }

    private static bool TryDecodeBase64(string text, int size, out byte[] bytes)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out var length) && length == size;
        bytes = ok ? buffer[..size] : [];
        return ok;
    }
}
