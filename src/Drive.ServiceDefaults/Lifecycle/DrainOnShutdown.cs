using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>
/// Runs first when the host stops (SIGTERM, Ctrl+C, a scale-down): marks the replica as draining, so <c>/ready</c>
/// fails, and holds the stop for the drain delay while the server still accepts and serves requests. Only then do
/// the hosted services stop, Kestrel first, which lets the requests in flight finish within the shutdown timeout.
/// </summary>
internal sealed partial class DrainOnShutdown(
    DrainState state, IOptions<ShutdownOptions> options, ILogger<DrainOnShutdown> logger) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.BeginDraining();
        var delay = options.Value.DrainDelay;
        LogDraining(logger, delay.TotalSeconds);
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Stopping: not ready from now on, closing the listener in {Seconds} s")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
