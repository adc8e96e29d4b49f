using Scalar.AspNetCore;

namespace Drive.Gateway.Docs;

/// <summary>
/// The API reference at <c>/api/docs</c>. Auth's and files' documents are proxied to
/// <c>/api/docs/{service}.json</c> (see the ReverseProxy routes); the gateway's own (<c>/api/me</c>) is served here.
/// </summary>
public static class ApiDocsEndpoints
{
    /// <summary>Name of the gateway's own OpenAPI document.</summary>
    public const string GatewayDocument = "gateway";

    private const string DocumentPattern = "/api/docs/{documentName}.json";

    /// <summary>
    /// Maps the gateway's document and the Scalar page, which loads only assets the gateway serves and offers no
    /// button that leads to another site.
    /// </summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPattern);
        app.MapScalarApiReference("/api/docs", options => options
            .WithTitle("Drive API")
            .WithOpenApiRoutePattern(DocumentPattern)
            .AddDocument(Backends.Files, "Files")
            .AddDocument(Backends.Auth, "Auth")
            .AddDocument(GatewayDocument, "Gateway")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .WithDotNetFlag(false));
        return app;
    }
}
