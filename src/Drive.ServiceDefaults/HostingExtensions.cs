using Drive.ServiceDefaults.Lifecycle;
using Drive.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Drive.ServiceDefaults;

/// <summary>
/// What every Drive service shares: telemetry, health checks, service discovery, resilient HTTP clients and
/// problem+json errors.
/// </summary>
public static class HostingExtensions
{
    /// <summary>Tag carried by health checks that must pass before a replica takes traffic (<c>/ready</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag carried by health checks that tell whether the process itself answers (<c>/alive</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>The diagnostic response header naming the replicas that answered.</summary>
    public const string ServedByHeader = "X-Served-By";

    private const string ServedByHeaderSetting = "Drive:ServedByHeader";
    private const string HealthPath = "/health";
    private const string ReadyPath = "/ready";
    private const string AlivePath = "/alive";

    /// <summary>Adds the defaults every Drive service runs with.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.AddReplicaLifecycle();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddDriveProblemDetails();
        return builder;
    }

    private static void ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Drive.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("Drive.*")
                .AddAspNetCoreInstrumentation(asp =>
                    asp.Filter = context => !context.Request.Path.StartsWithSegments(HealthPath)
                        && !context.Request.Path.StartsWithSegments(ReadyPath)
                        && !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    /// <summary>
    /// Maps <c>/health</c> (every check, dependencies included, for people and dashboards) and the probes of
    /// <see cref="MapProbeEndpoints"/>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        return app.MapProbeEndpoints();
    }

    /// <summary>
    /// Maps the balancers' and orchestrators' probes: <c>/ready</c> (send this replica requests: the checks tagged
    /// <see cref="ReadyTag"/>, which fail while it drains) and <c>/alive</c> (the process answers; failing means
    /// restart it).
    /// </summary>
    public static WebApplication MapProbeEndpoints(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(ServedByHeaderSetting))
        {
            app.UseServedByHeader();
        }

        app.MapHealthChecks(ReadyPath, PlainAnswer(ReadyTag));
        app.MapHealthChecks(AlivePath, PlainAnswer(LiveTag));
        return app;
    }

    /// <summary>
    /// Each hop a response passes adds "service/process id" to <c>X-Served-By</c>, so a local run or a test can tell
    /// which replicas answered. Off unless <c>Drive:ServedByHeader</c> is true: deployments do not publish it.
    /// </summary>
    private static void UseServedByHeader(this WebApplication app)
    {
        var hop = $"{app.Environment.ApplicationName}/{Environment.ProcessId}";
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Append(ServedByHeader, hop);
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static HealthCheckOptions PlainAnswer(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = (context, report) => context.Response.WriteAsync(report.Status.ToString()),
    };
}
