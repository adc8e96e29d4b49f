using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drive.TestHost;

/// <summary>
/// The whole Drive booted from its AppHost with real PostgreSQL, Redis, RabbitMQ and Azurite, in a state folder of
/// its own and on free ports, so a run never meets another run's data or ports.
/// </summary>
public sealed class DriveHost : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly string _stateDirectory;

    private DriveHost(DistributedApplication app, string stateDirectory, Uri publicAddress)
    {
        _app = app;
        _stateDirectory = stateDirectory;
        PublicAddress = publicAddress;
    }

    /// <summary>The running application, for tests that reach a resource.</summary>
    public DistributedApplication App => _app;

    /// <summary>The edge balancer's address in front of the gateway replicas, the only one a client uses.</summary>
    public Uri PublicAddress { get; }

    /// <summary>
    /// Rate-limit budgets far above anything the tests and benchmarks send: every end-to-end test runs from
    /// 127.0.0.1 and signs up hundreds of users, the scaling test sends about 80 requests a minute per user. Drive's
    /// own defaults are much tighter (README, Rate limiting); the limiter still counts every request in Redis.
    /// </summary>
    public static readonly IReadOnlyList<string> RoomyRateLimits =
    [
        "--Drive:RateLimits:SignIn:Limit=1000000",
        "--Drive:RateLimits:Anonymous:Limit=1000000",
        "--Drive:RateLimits:Read:Limit=1000000",
        "--Drive:RateLimits:Write:Limit=1000000",
        "--Drive:RateLimits:UploadStart:Limit=1000000",
    ];

    /// <summary>
    /// Boots Drive and waits until every replica and the edge report healthy and the gateway reports every service
    /// ready. It runs with <see cref="RoomyRateLimits"/>; <paramref name="extraArguments"/> go to the AppHost after
    /// them and win, e.g. <c>--Drive:Replicas=1</c> or <c>--Drive:RateLimits:Read:Limit=100</c>.
    /// </summary>
    public static async Task<DriveHost> StartAsync(TimeSpan timeout, params string[] extraArguments)
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "drive-runs", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(stateDirectory);
        using var deadline = new CancellationTokenSource(timeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Drive_AppHost>(
            [$"--Drive:StateDirectory={stateDirectory}", "--Drive:Port=0", .. RoomyRateLimits, .. extraArguments],
            (options, _) => options.DisableDashboard = true,
            deadline.Token);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Drive.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));

        var app = await builder.BuildAsync(deadline.Token);
        await app.StartAsync(deadline.Token);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        await Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(service =>
            app.ResourceNotifications.WaitForResourceHealthyAsync(service.Name, deadline.Token)));

        var host = new DriveHost(app, stateDirectory, app.GetEndpoint("edge", "http"));
        await host.WaitUntilReadyAsync(deadline.Token);
        return host;
    }

    /// <summary>The gateway's /health is 200 only once every service behind it is ready.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = PublicAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // The gateway is not listening yet; the deadline bounds the wait.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>A resource's HTTP endpoint, for measurements that bypass the gateway.</summary>
    public Uri EndpointOf(string resourceName) => _app.GetEndpoint(resourceName, "http");

    /// <summary>The resource names of a service's replicas: <c>files</c>, <c>files-2</c>, …</summary>
    public IReadOnlyList<string> ReplicasOf(string service) =>
        _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ProjectResource>()
            .Select(resource => resource.Name)
            .Where(name => name == service || (name.StartsWith(service + "-", StringComparison.Ordinal)
                && int.TryParse(name[(service.Length + 1)..], CultureInfo.InvariantCulture, out _)))
            .ToList();

    /// <summary>
    /// The operating-system process id of a running service replica. The orchestrator starts a project through
    /// <c>dotnet run</c> and reports that launcher's id; the service itself is the launcher's descendant that is not
    /// a <c>dotnet</c> host, so a signal sent to it reaches the service and the launcher ends with it.
    /// </summary>
    public int ProcessIdOf(string resourceName)
    {
        if (!_app.ResourceNotifications.TryGetCurrentState(resourceName, out var state))
        {
            throw new InvalidOperationException($"No resource named {resourceName}.");
        }

        var reported = state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value
            ?? throw new InvalidOperationException(
                $"{resourceName} has no process id (state {state.Snapshot.State?.Text}).");
        var launcher = Convert.ToInt32(reported, System.Globalization.CultureInfo.InvariantCulture);
        return LinuxProcesses.DescendantsOf(launcher).Prepend(launcher)
            .Select(pid => (Pid: pid, CommandLine: LinuxProcesses.CommandLineOf(pid)))
            .LastOrDefault(
                process => !process.CommandLine.StartsWith("dotnet ", StringComparison.Ordinal)
                    && !process.CommandLine.Contains("/dotnet ", StringComparison.Ordinal),
                (Pid: launcher, CommandLine: ""))
            .Pid;
    }

    /// <summary>
    /// Starts a resource again after its process ended, and waits until it reports healthy. The orchestrator now
    /// and then reports a start as failed while it still cleans up after the ended process; such a start is tried
    /// again, up to three times.
    /// </summary>
    public async Task RestartAsync(string resourceName, CancellationToken cancellationToken)
    {
        await WaitUntilEndedAsync(resourceName, cancellationToken);

        const int MostStarts = 3;
        for (var start = 1; ; start++)
        {
            var result = await _app.ResourceCommands.ExecuteCommandAsync(
                resourceName, KnownResourceCommands.StartCommand, cancellationToken);
            try
            {
                if (!result.Success)
                {
                    throw new DistributedApplicationException($"Starting {resourceName} failed: {result.Message}");
                }

                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);
                return;
            }
            catch (DistributedApplicationException) when (start < MostStarts)
            {
                await Task.Delay(TimeSpan.FromSeconds(2 * start), cancellationToken);
            }
        }
    }

    /// <summary>Stops a resource through its stop command and waits until its process has ended.</summary>
    public async Task StopAsync(string resourceName, CancellationToken cancellationToken)
    {
        var result = await _app.ResourceCommands.ExecuteCommandAsync(
            resourceName, KnownResourceCommands.StopCommand, cancellationToken);
        if (!result.Success)
        {
            throw new DistributedApplicationException($"Stopping {resourceName} failed: {result.Message}");
        }

        await WaitUntilEndedAsync(resourceName, cancellationToken);
    }

    /// <summary>Waits, a minute at most, until the resource's process has ended (or never started).</summary>
    private async Task WaitUntilEndedAsync(string resourceName, CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ended.CancelAfter(TimeSpan.FromMinutes(1));
        await _app.ResourceNotifications.WaitForResourceAsync(
            resourceName, e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", ended.Token);
    }

    /// <summary>The connection string the AppHost hands services for <paramref name="resourceName"/>.</summary>
    public async Task<string> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken) =>
        await _app.GetConnectionStringAsync(resourceName, cancellationToken)
            ?? throw new InvalidOperationException($"{resourceName} has no connection string.");

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        TryDeleteStateDirectory();
    }

    private void TryDeleteStateDirectory()
    {
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be closing a file; the folder lives under the temp path and holds run data only.
        }
    }
}
