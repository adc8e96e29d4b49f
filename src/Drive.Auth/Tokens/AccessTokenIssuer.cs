using Drive.ServiceDefaults.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Drive.Auth.Tokens;

/// <summary>A signed access token and how long it lives.</summary>
/// <param name="Token">The compact JWT.</param>
/// <param name="Lifetime">Time from issue to expiry.</param>
public sealed record AccessToken(string Token, TimeSpan Lifetime);

/// <summary>Signs HS256 access tokens with the shared <see cref="JwtOptions"/>.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Issues a token carrying <c>sub</c>, <c>email</c>, <c>name</c> and a fresh <c>jti</c>.</summary>
    public AccessToken Issue(Guid userId, string email, string displayName)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.AccessTokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [DriveClaims.Subject] = userId.ToString(),
                [DriveClaims.Email] = email,
                [DriveClaims.Name] = displayName,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(
                AuthenticationExtensions.CreateSigningKey(jwt), SecurityAlgorithms.HmacSha256),
        };
        return new AccessToken(_handler.CreateToken(descriptor), jwt.AccessTokenLifetime);
    }
}
