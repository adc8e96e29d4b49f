using System.Collections.Concurrent;
using Drive.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Tests.ReverseProxy;

/// <summary>
/// A small replica on a free loopback port, built with Drive's service defaults (probes, drain on stop). It counts
/// the requests it saw per path and can be told to fail its readiness or to drop connections mid-request.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new();

    private Backend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = null!;

    /// <summary>While false, <c>/ready</c> answers 503 (a replica that is starting or never becomes ready).</summary>
    public bool Ready { get; set; } = true;

    /// <summary>While true, every <c>/flaky</c> request is cut off without an answer, as a crashing process would.</summary>
    public bool DropsConnections { get; set; }

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<Backend> StartAsync(string name, params string[] settings)
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", .. settings]);
        builder.AddServiceDefaults();
        Backend? backend = null;
        builder.Services.AddHealthChecks().AddCheck(
            "test-ready",
            () => backend!.Ready
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("told to be unready"),
            [HostingExtensions.ReadyTag]);

        var app = builder.Build();
        backend = new Backend(name, app);
        app.MapDefaultEndpoints();
        app.Use(async (context, next) =>
        {
            backend._hits.AddOrUpdate($"{context.Request.Method} {context.Request.Path}", 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapGet("/who", () => name);
        app.MapPost("/echo", async (HttpRequest request) =>
            $"{name}:{await new StreamReader(request.Body).ReadToEndAsync()}");
        app.MapGet("/slow", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            return name;
        });
        app.MapMethods("/flaky", ["GET", "POST"], (HttpContext context) =>
        {
            if (backend.DropsConnections)
            {
                context.Abort();
                return Results.Empty;
            }

            return Results.Text(name);
        });

        await app.StartAsync();
        backend.Address = app.ListeningAddress();
        return backend;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
