using System.Security.Cryptography;
using Drive.Auth.Passwords;
using Microsoft.Extensions.Options;

namespace Drive.Tests.Auth;

public sealed class PasswordHasherTests
{
    private static Pbkdf2PasswordHasher CreateHasher(int iterations = PasswordHashingOptions.MinimumIterations) =>
        new(Options.Create(new PasswordHashingOptions { Iterations = iterations }), RandomNumberGenerator.Create());

    [Fact]
    public void Hash_verifies_with_the_same_password()
    {
        var hasher = CreateHasher();

        var hash = hasher.Hash("correct horse battery");

        Assert.Equal(PasswordVerification.Succeeded, hasher.Verify("correct horse battery", hash));
    }

    [Fact]
    public void Hash_does_not_verify_with_another_password()
    {
        var hasher = CreateHasher();

        var hash = hasher.Hash("correct horse battery");

        Assert.Equal(PasswordVerification.Failed, hasher.Verify("correct horse batterY", hash));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify("", hash));
    }

    [Fact]
    public void Hash_is_versioned_salted_and_records_at_least_600000_iterations()
    {
        var hasher = CreateHasher();

        var first = hasher.Hash("same password");
        var second = hasher.Hash("same password");

        var parts = first.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal(Pbkdf2PasswordHasher.FormatVersion, parts[0]);
        Assert.True(int.Parse(parts[1]) >= 600_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
        Assert.NotEqual(parts[2], second.Split('$')[2]);
    }

    [Fact]
    public void Hash_with_fewer_iterations_than_configured_verifies_but_asks_for_a_rehash()
    {
        var strongerHasher = CreateHasher(PasswordHashingOptions.MinimumIterations + 1);

        var oldHash = CreateHasher().Hash("correct horse battery");

        var verification = strongerHasher.Verify("correct horse battery", oldHash);

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, verification);
    }

    [Fact]
    public void Hash_of_a_known_vector_verifies()
    {
        // PBKDF2-HMAC-SHA256("password", 16 zero bytes, 600000) computed independently, stored in the v1 format.
        var salt = new byte[16];
        var key = Rfc2898DeriveBytes.Pbkdf2("password"u8, salt, 600_000, HashAlgorithmName.SHA256, 32);
        var encoded = $"v1$600000${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";

        Assert.Equal(PasswordVerification.Succeeded, CreateHasher().Verify("password", encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v2$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1$600000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1$600000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Unreadable_or_foreign_hashes_fail(string encoded)
    {
        Assert.Equal(PasswordVerification.Failed, CreateHasher().Verify("password", encoded));
    }

    [Fact]
    public void Verify_without_a_hash_fails_after_doing_the_same_work()
    {
        var hasher = CreateHasher();
        var hash = hasher.Hash("correct horse battery");

        var withHash = Measure(() => hasher.Verify("wrong password", hash));
        var withoutHash = Measure(() => Assert.Equal(PasswordVerification.Failed, hasher.Verify("wrong", null)));

        // The unknown-account path must cost a full key derivation (hundreds of ms), not return early (microseconds).
        Assert.True(withoutHash > withHash / 10, $"without hash {withoutHash}, with hash {withHash}");
    }

    private static TimeSpan Measure(Action action)
    {
        action();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        action();
        return System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
