using Drive.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Drive.Web.FrontEnd;

/// <summary>
/// Serves the built single-page app: hashed assets cached for a year, index.html (the answer for every page route)
/// revalidated on each load, and a 503 problem while the app has not been built.
/// </summary>
public static partial class FrontEndEndpoints
{
    /// <summary>What to do when wwwroot/index.html is missing.</summary>
    public const string BuildHint =
        "build the web front end with `npm ci && npm run build` in src/Drive.Web/ClientApp (./drive up does this), "
        + "then reload.";

    private const string AssetsPath = "/assets";
    private const string ImmutableCache = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    /// <summary>
    /// Scripts and styles from this origin only; images and requests may also go to blob storage (its signed URLs
    /// live on another origin), and blob: URLs hold the thumbnails fetched with the access token.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: http: https:; "
        + "connect-src 'self' http: https:; font-src 'self'; object-src 'none'; base-uri 'self'; "
        + "form-action 'self'; frame-ancestors 'none'";

    /// <summary>Registers the web root and its readiness check.</summary>
    public static TBuilder AddFrontEnd<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<FrontEndFiles>();
        builder.Services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status == StatusCodes.Status404NotFound)
            {
                context.ProblemDetails.Detail ??=
                    $"There is no file at {context.HttpContext.Request.Path}: check the address, or reload the page.";
            }
        });
        builder.Services.AddHealthChecks()
            .AddCheck<FrontEndHealthCheck>("front-end", tags: [HostingExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Maps the static files, the page routes, and a 404 problem for /api (the gateway's business).</summary>
    public static WebApplication MapFrontEnd(this WebApplication app)
    {
        var files = app.Services.GetRequiredService<FrontEndFiles>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FrontEndEndpoints));
        if (!files.IsBuilt)
        {
            LogNotBuilt(logger, files.IndexPath, BuildHint);
        }

        app.UseStatusCodePages();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files.Provider,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => SetCaching(context.Context),
        });

        app.MapFallback("/api/{**path}", ApiNotHere);
        app.MapFallback(ServePage);
        return app;
    }

    private static void SetCaching(HttpContext context)
    {
        var immutable = context.Request.Path.StartsWithSegments(AssetsPath);
        context.Response.Headers.CacheControl = immutable ? ImmutableCache : Revalidate;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Path.Value?.EndsWith(".html", StringComparison.OrdinalIgnoreCase) == true)
        {
            SetPageHeaders(context.Response);
        }
    }

    private static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = Revalidate;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers[HeaderNames.XFrameOptions] = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>Every page route (/, /signin, /folders/{id}, …) is index.html; the app routes itself.</summary>
    private static Results<PhysicalFileHttpResult, ProblemHttpResult> ServePage(
        HttpContext context, FrontEndFiles files)
    {
        if (!files.IsBuilt)
        {
            return TypedResults.Problem(
                title: "The web front end is not built",
                detail: $"{files.IndexPath} is missing: {BuildHint}",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Revalidated on every load: the ETag lets an unchanged page answer 304 without its body.
        SetPageHeaders(context.Response);
        var page = new FileInfo(files.IndexPath);
        var tag = new EntityTagHeaderValue($"\"{page.LastWriteTimeUtc.Ticks:x}-{page.Length:x}\"");
        return TypedResults.PhysicalFile(
            files.IndexPath, "text/html; charset=utf-8", lastModified: page.LastWriteTimeUtc, entityTag: tag);
    }

    private static ProblemHttpResult ApiNotHere(HttpContext context) =>
        TypedResults.Problem(
            title: "Not an API host",
            detail: $"Drive.Web serves only the web pages; send {context.Request.Path} through the gateway.",
            statusCode: StatusCodes.Status404NotFound);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "The web front end is not built: {IndexPath} is missing. Pages answer 503 until it is; {Hint}")]
    private static partial void LogNotBuilt(ILogger logger, string indexPath, string hint);
}
