using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Drive.ServiceDefaults.Security;

/// <summary>Bearer-token validation shared by the gateway and every service behind it.</summary>
public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates Drive access tokens on every request. Services check the token themselves, so a request that
    /// did not come through the gateway with a valid token is refused.
    /// </summary>
    public static TBuilder AddDriveAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var jwt = builder.Configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(bearer =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = CreateValidationParameters(jwt);
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The rules a Drive access token must pass.</summary>
    public static TokenValidationParameters CreateValidationParameters(JwtOptions jwt) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        IssuerSigningKey = CreateSigningKey(jwt),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = DriveClaims.Email,
    };

    /// <summary>The symmetric key both sides derive from <see cref="JwtOptions.SigningKey"/>.</summary>
    public static SymmetricSecurityKey CreateSigningKey(JwtOptions jwt) =>
        new(Encoding.UTF8.GetBytes(jwt.SigningKey));

    /// <summary>The signed-in user's id, from the token's <c>sub</c> claim.</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(DriveClaims.Subject), out var id)
            ? id
            : throw new InvalidOperationException("An authenticated principal has no valid subject claim.");
}

/// <summary>Claim names in Drive access tokens.</summary>
public static class DriveClaims
{
    /// <summary>The user's id.</summary>
    public const string Subject = "sub";

    /// <summary>The user's e-mail address.</summary>
    public const string Email = "email";

    /// <summary>The user's display name.</summary>
    public const string Name = "name";
}
