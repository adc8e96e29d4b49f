using Drive.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Drive.Tests.Messaging;

/// <summary>
/// A generic host with Drive.Messaging against the test broker: one message at a time, fast retries, and whatever
/// consumers a test registers. Also the helpers the tests wait with.
/// </summary>
internal static class ConsumerHost
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static HostApplicationBuilder CreateBuilder(MessagingServers servers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = servers.RabbitMqUri,
            ["Messaging:Prefetch"] = "1",
            ["Messaging:Concurrency"] = "1",
            ["Messaging:MaxAttempts"] = "3",
            ["Messaging:RetryBaseDelay"] = "00:00:00.050",
            ["Messaging:RetryMaxDelay"] = "00:00:00.200",
        });
        builder.AddDriveMessaging("rabbitmq");
        return builder;
    }

    /// <summary>Waits until <paramref name="queue"/> exists and has a consumer, so a publish is routed to it.</summary>
    public static Task WaitForConsumerAsync(IConnection connection, string queue) =>
        WaitUntilAsync($"a consumer on {queue}", async () =>
        {
            var declared = await PassiveDeclareAsync(connection, queue);
            return declared?.ConsumerCount > 0;
        });

    /// <summary>Ready messages in <paramref name="queue"/>; null when it does not exist.</summary>
    public static async Task<uint?> MessageCountAsync(IConnection connection, string queue) =>
        (await PassiveDeclareAsync(connection, queue))?.MessageCount;

    public static async Task WaitUntilAsync(string what, Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {Timeout} for {what}.");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<QueueDeclareOk?> PassiveDeclareAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }
}
