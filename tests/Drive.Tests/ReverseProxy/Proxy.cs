using Drive.ReverseProxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Tests.ReverseProxy;

/// <summary>The edge's and gateway's balanced proxy, on a free loopback port, over the given backends.</summary>
internal sealed class Proxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Proxy(WebApplication app, Uri address)
    {
        _app = app;
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

        var builder = WebApplication.CreateBuilder(settings);
        builder.Services.AddServiceDiscovery();
        builder.Services.AddProblemDetails();
        builder.AddBalancedProxy();
        var app = builder.Build();
        app.MapBalancedProxy();
        await app.StartAsync();

        return new Proxy(app, app.ListeningAddress());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
