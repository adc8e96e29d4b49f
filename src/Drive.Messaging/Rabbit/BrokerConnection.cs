using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Drive.Messaging.Rabbit;

/// <summary>
/// Hands out the Aspire-registered <see cref="IConnection"/> without blocking callers' threads. Aspire creates the
/// connection on first resolution, retrying a few times, and throws when the broker stays unreachable; the
/// singleton is not cached then, so the next call tries again. Once created, the connection recovers by itself.
/// </summary>
internal sealed class BrokerConnection(IServiceProvider services) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (connection is not null)
        {
            return connection;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            return connection ??= await Task.Run(services.GetRequiredService<IConnection>, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
