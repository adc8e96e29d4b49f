namespace Drive.Auth.Passwords;

/// <summary>Turns passwords into slow, salted hashes and checks passwords against them.</summary>
public interface IPasswordHasher
{
    /// <summary>Hashes <paramref name="password"/> with a fresh salt and the configured work factor.</summary>
    string Hash(string password);

    /// <summary>
    /// Checks <paramref name="password"/> against <paramref name="encodedHash"/>. Given no hash (an unknown
    /// account), it spends the same time and fails, so the answer does not tell which accounts exist.
    /// </summary>
    PasswordVerification Verify(string password, string? encodedHash);
}

/// <summary>The result of <see cref="IPasswordHasher.Verify"/>.</summary>
public enum PasswordVerification
{
    /// <summary>The password does not match, or the hash is unreadable.</summary>
    Failed,

    /// <summary>The password matches.</summary>
    Succeeded,

    /// <summary>The password matches, but the hash uses a weaker work factor than configured: store a new one.</summary>
    SucceededRehashNeeded,
}
