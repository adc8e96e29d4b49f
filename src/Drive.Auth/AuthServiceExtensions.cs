using System.Security.Cryptography;
using Drive.Auth.Accounts;
using Drive.Auth.Api;
using Drive.Auth.Data;
using Drive.Auth.Passwords;
using Drive.Auth.Tokens;
using Drive.ServiceDefaults.Lifecycle;
using Drive.ServiceDefaults.Security;

namespace Drive.Auth;

/// <summary>Registers and maps everything Drive.Auth serves.</summary>
public static class AuthServiceExtensions
{
    /// <summary>The Aspire connection name of the accounts database.</summary>
    public const string DatabaseName = "authdb";

    /// <summary>Adds the accounts database, password hashing, token issuing and the account service.</summary>
    public static WebApplicationBuilder AddAuthService(this WebApplicationBuilder builder)
    {
        var limits = builder.GetServiceLimits();
        builder.AddNpgsqlDbContext<AuthDbContext>(
            DatabaseName, settings => settings.ConnectionString = limits.CapPool(settings.ConnectionString));
        builder.AddDriveAuthentication();

        builder.Services.AddOptions<PasswordHashingOptions>()
            .BindConfiguration(PasswordHashingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RefreshTokenOptions>()
            .BindConfiguration(RefreshTokenOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => RandomNumberGenerator.Create());
        builder.Services.AddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<RefreshTokenGenerator>();
        builder.Services.AddScoped<AccountService>();

        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Maps the error handling, the authentication middleware, the OpenAPI document and the endpoints.</summary>
    public static WebApplication MapAuthService(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapAuthEndpoints();
        return app;
    }
}
