using Drive.ReverseProxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Tests.ReverseProxy;

/// <summary>The edge's and gateway's balanced proxy, on a free loopback port, over the given backends.</summary>
internal sealed class Proxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _contentRoot;

    private Proxy(WebApplication app, DirectoryInfo contentRoot, Uri address)
    {
        _app = app;
        _contentRoot = contentRoot;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Proxy> StartAsync(params Backend[] backends)
    {
        var cluster = "ReverseProxy:Clusters:backend";
        string[] settings =
        [
            "--urls=http://127.0.0.1:0",
            "--ReverseProxy:Routes:all:ClusterId=backend",
            "--ReverseProxy:Routes:all:Match:Path={**rest}",
            "--ReverseProxy:Routes:complete:ClusterId=backend",
            "--ReverseProxy:Routes:complete:Match:Path=/flaky",
            "--ReverseProxy:Routes:complete:Match:Headers:0:Name=X-Test-Idempotent",
            "--ReverseProxy:Routes:complete:Match:Headers:0:Mode=Exists",
            "--ReverseProxy:Routes:complete:Metadata:Idempotent=true",
            $"--{cluster}:LoadBalancingPolicy=RoundRobin",
            $"--{cluster}:HealthCheck:AvailableDestinationsPolicy=ReadyOnly",
            $"--{cluster}:HealthCheck:Active:Enabled=true",
            $"--{cluster}:HealthCheck:Active:Interval=00:00:01",
            $"--{cluster}:HealthCheck:Active:Timeout=00:00:01",
            $"--{cluster}:HealthCheck:Active:Policy=ConsecutiveFailures",
            $"--{cluster}:HealthCheck:Active:Path=/ready",
            $"--{cluster}:HealthCheck:Passive:Enabled=true",
            $"--{cluster}:HealthCheck:Passive:Policy=TransportFailureRate",
            $"--{cluster}:HealthCheck:Passive:ReactivationPeriod=00:00:05",
            .. backends.Select(b => $"--{cluster}:Destinations:{b.Name}:Address={b.Address}"),
        ];

        // An empty content root of its own: the test's output folder holds an appsettings.json copied from the edge or
        // the gateway, whose routes would join these.
        var contentRoot = Directory.CreateTempSubdirectory("drive-proxy-test-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = settings,
            ContentRootPath = contentRoot.FullName,
        });
        builder.Services.AddServiceDiscovery();
        builder.Services.AddProblemDetails();
        builder.AddBalancedProxy();
        var app = builder.Build();
        app.MapBalancedProxy();
        await app.StartAsync();

        return new Proxy(app, contentRoot, app.ListeningAddress());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _contentRoot.Delete(recursive: true);
    }
}
