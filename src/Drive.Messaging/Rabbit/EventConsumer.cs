using System.Text;
using System.Text.Json;
using Drive.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Drive.Messaging.Rabbit;

/// <summary>
/// Consumes one event type into one handler from the durable queue <c>{consumerName}.{eventName}</c>. A message is
/// acknowledged only after its handler succeeded (or its invocation found the event handled before), or
/// after it was routed to the retry or the dead-letter queue.
/// </summary>
internal sealed class EventConsumer<TEvent, THandler>(
    string consumerName,
    IHandlerInvocation<TEvent> invocation,
    BrokerConnection broker,
    BrokerPublisher publisher,
    IServiceScopeFactory scopeFactory,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<EventConsumer<TEvent, THandler>> logger) : BackgroundService
    where TEvent : IIntegrationEvent
    where THandler : class, IEventHandler<TEvent>
{
    private static readonly TimeSpan ChannelCheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);
    private const int MaxErrorHeaderLength = 1000;

    private readonly string queue = Topology.QueueName(consumerName, EventNameAttribute.Of<TEvent>());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await broker.GetAsync(stoppingToken);
                await using var channel = await OpenChannelAsync(connection, stoppingToken);
                failures = 0;
                await WatchAsync(connection, channel, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = RetryDelay.Compute(failures, TimeSpan.FromSeconds(1), MaxReconnectDelay,
                    Random.Shared.NextDouble());
                Log.ConsumerConnectFailed(logger, exception, queue, delay);
                await timeProvider.SleepAsync(delay, stoppingToken);
            }
        }
    }

    private async Task<IChannel> OpenChannelAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var channelOptions = new CreateChannelOptions(
            publisherConfirmationsEnabled: false,
            publisherConfirmationTrackingEnabled: false,
            consumerDispatchConcurrency: (ushort)settings.Concurrency);

        var channel = await connection.CreateChannelAsync(channelOptions, cancellationToken);
        try
        {
            await Topology.DeclareConsumerQueuesAsync(channel, queue, EventNameAttribute.Of<TEvent>(), cancellationToken);
            await channel.BasicQosAsync(0, settings.Prefetch, global: false, cancellationToken);

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(channel, delivery, cancellationToken);
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

            Log.ConsumerStarted(logger, queue, settings.Prefetch, settings.Concurrency);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Returns when the channel closed while its connection stayed open (a channel-level error, which automatic
    /// recovery does not repair). A lost connection is left to the client's automatic recovery, which reopens the
    /// channel and resumes the consumer.
    /// </summary>
    private async Task WatchAsync(IConnection connection, IChannel channel, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ChannelCheckInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (channel.IsClosed && connection.IsOpen)
            {
                Log.ConsumerChannelLost(logger, queue);
                return;
            }
        }
    }

    private async Task OnReceivedAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var body = delivery.Body.ToArray();
        var attempts = ReadAttempts(delivery.BasicProperties) + 1;

        TEvent evt;
        try
        {
            evt = JsonSerializer.Deserialize<TEvent>(body, EventJson.Options)
                ?? throw new JsonException("The message body is the JSON literal null.");
        }
        catch (JsonException exception)
        {
            Log.MessageUnreadable(logger, exception, delivery.BasicProperties.MessageId ?? "?", queue,
                Topology.DeadQueueName(queue));
            await RerouteAsync(channel, delivery, body, attempts, exception, deadLetter: true, stoppingToken);
            return;
        }

        try
        {
            await using (var scope = scopeFactory.CreateAsyncScope())
            {
                if (!await invocation.InvokeAsync(scope.ServiceProvider, queue, evt, stoppingToken))
                {
                    Log.DuplicateSkipped(logger, evt.EventId, queue);
                }
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message stays unacknowledged and the broker redelivers it.
        }
        catch (Exception exception)
        {
            var deadLetter = attempts >= options.Value.MaxAttempts;
            await RerouteAsync(channel, delivery, body, attempts, exception, deadLetter, stoppingToken);
        }
    }

    private async Task RerouteAsync(IChannel channel, BasicDeliverEventArgs delivery, byte[] body, int attempts,
        Exception error, bool deadLetter, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var messageId = delivery.BasicProperties.MessageId ?? "?";
        var properties = CopyProperties(delivery.BasicProperties, attempts, timeProvider.GetUtcNow());
        string target;

        if (deadLetter)
        {
            target = Topology.DeadQueueName(queue);
            properties.Headers![Topology.ErrorHeader] = Truncate($"{error.GetType().Name}: {error.Message}");
            if (error is not JsonException)
            {
                Log.HandlerFailedDeadLettered(logger, error, messageId, queue, target);
            }
        }
        else
        {
            target = Topology.RetryQueueName(queue);
            var delay = RetryDelay.Compute(attempts, settings.RetryBaseDelay, settings.RetryMaxDelay,
                Random.Shared.NextDouble());
            properties.Expiration = ((long)delay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Log.HandlerFailedWillRetry(logger, error, messageId, queue, attempts, settings.MaxAttempts, delay);
        }

        try
        {
            await publisher.PublishToQueueAsync(target, properties, body, stoppingToken);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Left unacknowledged: the broker redelivers it once this channel closes or recovers.
            Log.RerouteFailed(logger, exception, messageId, queue);
        }
    }

    /// <summary>The message's properties for its next queue: broker death headers dropped, tries counted, and the
    /// time of its first failure kept (set now when this is the first).</summary>
    private static BasicProperties CopyProperties(IReadOnlyBasicProperties source, int attempts, DateTimeOffset now)
    {
        var headers = new Dictionary<string, object?>();
        if (source.Headers is not null)
        {
            foreach (var (key, value) in source.Headers)
            {
                if (key != "x-death" && !key.StartsWith("x-first-death", StringComparison.Ordinal)
                    && !key.StartsWith("x-last-death", StringComparison.Ordinal))
                {
                    headers[key] = value;
                }
            }
        }

        headers[Topology.AttemptsHeader] = attempts;
        headers.TryAdd(Topology.FirstFailedHeader, now.ToUnixTimeMilliseconds());
        return new BasicProperties
        {
            MessageId = source.MessageId,
            Type = source.Type,
            ContentType = source.ContentType,
            Timestamp = source.Timestamp,
            Persistent = true,
            Headers = headers,
        };
    }

    private static int ReadAttempts(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(Topology.AttemptsHeader, out var value) == true
            ? value switch
            {
                int count => count,
                long count => (int)count,
                byte[] text when int.TryParse(Encoding.UTF8.GetString(text), out var count) => count,
                _ => 0,
            }
            : 0;

    private static string Truncate(string text) =>
        text.Length <= MaxErrorHeaderLength ? text : text[..MaxErrorHeaderLength];
}
