using Drive.Gateway.Docs;
using Drive.Gateway.Health;
using Drive.Gateway.Me;
using Drive.Gateway.RateLimits;
using Drive.ReverseProxy;
using Drive.ServiceDefaults.Security;

namespace Drive.Gateway;

/// <summary>Registers and maps everything the gateway does.</summary>
public static class GatewayServiceExtensions
{
    /// <summary>
    /// Adds the trusted proxies, token validation, the rate limits, the reverse proxy (routes and clusters from the <c>ReverseProxy</c> section, destinations
    /// resolved by service discovery), the backend readiness checks, the <c>/api/me</c> clients and the API docs.
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddTrustedProxies();
        builder.AddDriveAuthentication();
        builder.AddRateLimits();

        builder.AddBalancedProxy();

        builder.Services.AddBackendHealthChecks();
        builder.Services.AddSingleton(provider => new AuthApiClient(
            BackendClient.CreateHttpClient(provider, Backends.Auth),
            provider.GetRequiredService<ILogger<AuthApiClient>>()));
        builder.Services.AddSingleton(provider => new FilesApiClient(
            BackendClient.CreateHttpClient(provider, Backends.Files),
            provider.GetRequiredService<ILogger<FilesApiClient>>()));

        builder.Services.AddOpenApi(ApiDocsEndpoints.GatewayDocument);
        return builder;
    }

    /// <summary>
    /// Maps the client's address from a trusted proxy, error handling, authentication, the rate limits,
    /// <c>/api/me</c>, the docs and the proxy.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();

        app.MapMeEndpoints();
        app.MapApiDocs();
        app.MapBalancedProxy();
        return app;
    }
}
