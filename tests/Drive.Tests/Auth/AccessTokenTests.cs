using System.Security.Claims;
using Drive.Auth.Tokens;
using Drive.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Drive.Tests.Auth;

public sealed class AccessTokenTests
{
    private static readonly JwtOptions Jwt = new()
    {
        SigningKey = "unit-test-signing-key-of-at-least-32-bytes",
        AccessTokenLifetime = TimeSpan.FromMinutes(15),
    };

    [Fact]
    public async Task Issued_token_validates_with_the_shared_rules_and_carries_the_user()
    {
        var userId = Guid.NewGuid();
        var issuer = new AccessTokenIssuer(Options.Create(Jwt), TimeProvider.System);

        var token = issuer.Issue(userId, "ada@example.com", "Ada");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(
            token.Token, AuthenticationExtensions.CreateValidationParameters(Jwt));

        Assert.True(result.IsValid, result.Exception?.Message);
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        Assert.Equal(userId, principal.GetUserId());
        Assert.Equal("ada@example.com", principal.FindFirstValue(DriveClaims.Email));
        Assert.Equal("Ada", principal.FindFirstValue(DriveClaims.Name));
        Assert.False(string.IsNullOrEmpty(principal.FindFirstValue(JwtRegisteredClaimNames.Jti)));
        Assert.Equal(TimeSpan.FromMinutes(15), token.Lifetime);

        var jwt = new JsonWebToken(token.Token);
        Assert.Equal(SecurityAlgorithms.HmacSha256, jwt.Alg);
        Assert.Equal(TimeSpan.FromMinutes(15), jwt.ValidTo - jwt.IssuedAt);
    }

    [Fact]
    public async Task Token_issued_with_the_clock_past_its_lifetime_is_refused()
    {
        var issuedLongAgo = new FixedTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var issuer = new AccessTokenIssuer(Options.Create(Jwt), issuedLongAgo);

        var token = issuer.Issue(Guid.NewGuid(), "ada@example.com", "Ada");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(
            token.Token, AuthenticationExtensions.CreateValidationParameters(Jwt));

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task Token_signed_with_another_key_or_tampered_is_refused()
    {
        var other = Jwt with { SigningKey = "another-signing-key-also-32-bytes-long!!" };
        var token = new AccessTokenIssuer(Options.Create(other), TimeProvider.System)
            .Issue(Guid.NewGuid(), "ada@example.com", "Ada").Token;
        var parameters = AuthenticationExtensions.CreateValidationParameters(Jwt);

        var foreign = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        var genuine = new AccessTokenIssuer(Options.Create(Jwt), TimeProvider.System)
            .Issue(Guid.NewGuid(), "ada@example.com", "Ada").Token;
        var signatureStart = genuine.LastIndexOf('.') + 1;
        var changed = genuine[signatureStart] == 'A' ? 'B' : 'A';
        var tamperedToken = genuine[..signatureStart] + changed + genuine[(signatureStart + 1)..];
        var tampered = await new JsonWebTokenHandler().ValidateTokenAsync(tamperedToken, parameters);

        Assert.False(foreign.IsValid);
        Assert.False(tampered.IsValid);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
