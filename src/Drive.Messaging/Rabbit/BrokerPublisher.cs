using System.Collections.Concurrent;
using System.Text.Json;
using Drive.Contracts.Events;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Drive.Messaging.Rabbit;

/// <summary>
/// Publishes with publisher confirms on a small pool of channels: a channel is used by one publish at a time, as
/// concurrent confirm-tracked publishes on one channel are not reliable in RabbitMQ.Client 7.
/// </summary>
internal sealed class BrokerPublisher(
    BrokerConnection broker,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider) : IEventPublisher, IAsyncDisposable
{
    private const int PooledChannels = 8;

    private static readonly CreateChannelOptions ConfirmedChannel = new(
        publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true);

    private readonly ConcurrentBag<IChannel> idle = [];

    public Task PublishAsync<TEvent>(TEvent evt, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(evt);
        var body = JsonSerializer.SerializeToUtf8Bytes(evt, EventJson.Options);
        return PublishEventAsync(evt.EventId, EventNameAttribute.Of<TEvent>(), body, cancellationToken);
    }

    /// <summary>Publishes an already serialized event to the exchange; unroutable counts as a failure.</summary>
    public Task PublishEventAsync(Guid eventId, string eventName, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            MessageId = eventId.ToString(),
            Type = eventName,
            ContentType = EventJson.ContentType,
            Persistent = true,
            Timestamp = new AmqpTimestamp(timeProvider.GetUtcNow().ToUnixTimeSeconds()),
        };
        return PublishAsync(Topology.Exchange, eventName, properties, body, cancellationToken);
    }

    /// <summary>Publishes straight to a queue through the default exchange (retry and dead-letter routing).</summary>
    public Task PublishToQueueAsync(string queue, BasicProperties properties, ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken) =>
        PublishAsync(string.Empty, queue, properties, body, cancellationToken);

    private async Task PublishAsync(string exchange, string routingKey, BasicProperties properties,
        ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.PublishTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        var channel = await RentAsync(linked.Token);
        try
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, linked.Token);
        }
        finally
        {
            await ReturnAsync(channel);
        }
    }

    private async Task<IChannel> RentAsync(CancellationToken cancellationToken)
    {
        while (idle.TryTake(out var pooled))
        {
            if (pooled.IsOpen)
            {
                return pooled;
            }

            await pooled.DisposeAsync();
        }

        var connection = await broker.GetAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(ConfirmedChannel, cancellationToken);
        try
        {
            await Topology.DeclareExchangeAsync(channel, cancellationToken);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    private async ValueTask ReturnAsync(IChannel channel)
    {
        if (channel.IsOpen && idle.Count < PooledChannels)
        {
            idle.Add(channel);
            return;
        }

        await channel.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var channel))
        {
            await channel.DisposeAsync();
        }
    }
}
