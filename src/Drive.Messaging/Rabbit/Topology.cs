using RabbitMQ.Client;

namespace Drive.Messaging.Rabbit;

/// <summary>Names and declarations of the exchange and queues every Drive service shares.</summary>
internal static class Topology
{
    /// <summary>The durable topic exchange every event is published to.</summary>
    public const string Exchange = "drive.events";

    /// <summary>Header counting the tries a message already had.</summary>
    public const string AttemptsHeader = "x-drive-attempts";

    /// <summary>Header naming the error that sent a message to the dead-letter queue.</summary>
    public const string ErrorHeader = "x-drive-error";

    /// <summary>Header holding when a message first failed, in Unix milliseconds.</summary>
    public const string FirstFailedHeader = "x-drive-first-failed-at";

    /// <summary>The suffix of a dead-letter queue's name.</summary>
    public const string DeadSuffix = ".dead";

    public static string QueueName(string consumerName, string eventName) => $"{consumerName}.{eventName}";

    public static string RetryQueueName(string queue) => $"{queue}.retry";

    public static string DeadQueueName(string queue) => queue + DeadSuffix;

    public static Task DeclareExchangeAsync(IChannel channel, CancellationToken cancellationToken) =>
        channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);

    /// <summary>
    /// Declares a consumer's queue bound to its event, a retry queue whose expired messages dead-letter back to it
    /// (each message carries its own expiration), and a dead-letter queue that nothing consumes.
    /// </summary>
    public static async Task DeclareConsumerQueuesAsync(
        IChannel channel, string queue, string eventName, CancellationToken cancellationToken)
    {
        await DeclareExchangeAsync(channel, cancellationToken);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, Exchange, eventName, cancellationToken: cancellationToken);

        var retryArguments = new Dictionary<string, object?>
        {
            ["x-dead-letter-exchange"] = string.Empty,
            ["x-dead-letter-routing-key"] = queue,
        };
        await channel.QueueDeclareAsync(RetryQueueName(queue), durable: true, exclusive: false, autoDelete: false,
            arguments: retryArguments, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadQueueName(queue), durable: true, exclusive: false, autoDelete: false,
            cancellationToken: cancellationToken);
    }
}
