using System.Globalization;
using System.Text;
using Drive.Messaging.Rabbit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Drive.Messaging.DeadLetters;

/// <summary>
/// Reads and replays the messages of dead-letter queues (<c>{queue}.dead</c>). Reading takes each message without
/// acknowledging it and lets it go back when the channel closes, so looking never removes anything. A replayed
/// message is removed only after the broker confirmed its copy in the original queue.
/// </summary>
public sealed class DeadLetterQueues(IConnection connection)
{
    private static readonly CreateChannelOptions ConfirmedChannel = new(
        publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true);

    /// <summary>The dead-letter queue of <paramref name="queue"/>; a dead-letter queue's name is returned as is.</summary>
    public static string DeadQueueOf(string queue) =>
        queue.EndsWith(Topology.DeadSuffix, StringComparison.Ordinal) ? queue : Topology.DeadQueueName(queue);

    /// <summary>The consumer queue whose dead letters <paramref name="deadQueue"/> holds.</summary>
    public static string OriginalQueueOf(string deadQueue) =>
        deadQueue.EndsWith(Topology.DeadSuffix, StringComparison.Ordinal)
            ? deadQueue[..^Topology.DeadSuffix.Length]
            : throw new ArgumentException($"{deadQueue} is not a dead-letter queue (no {Topology.DeadSuffix}).");

    /// <summary>True when <paramref name="queue"/> exists on the broker.</summary>
    public async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declaration of a missing queue closes its channel, so each check gets one of its own.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    /// <summary>The messages in <paramref name="deadQueue"/>, left in place.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string deadQueue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var letters = new List<DeadLetter>();
        await foreach (var (_, letter) in TakeAllAsync(channel, deadQueue, cancellationToken))
        {
            letters.Add(letter);
        }

        // Closing the channel hands every unacknowledged message back to the queue.
        await channel.CloseAsync(cancellationToken);
        return letters;
    }

    /// <summary>
    /// Sends each message of <paramref name="deadQueue"/> that <paramref name="select"/> picks back to its original
    /// queue (default exchange, persistent, attempt count and failure headers dropped) and removes it from the
    /// dead-letter queue once the broker confirmed the copy. Returns the messages replayed. Throws when the broker
    /// refuses a copy (for example, the original queue is gone); that message and the rest stay.
    /// </summary>
    public async Task<IReadOnlyList<DeadLetter>> ReplayAsync(string deadQueue, Func<DeadLetter, bool> select,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(select);
        await using var reader = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await using var publisher = await connection.CreateChannelAsync(ConfirmedChannel, cancellationToken);

        var replayed = new List<DeadLetter>();
        await foreach (var (deliveryTag, letter) in TakeAllAsync(reader, deadQueue, cancellationToken))
        {
            if (!select(letter))
            {
                continue;
            }

            await publisher.BasicPublishAsync(string.Empty, letter.OriginalQueue, mandatory: true,
                ReplayProperties(letter), letter.Body, cancellationToken);
            await reader.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
            replayed.Add(letter);
        }

        await reader.CloseAsync(cancellationToken);
        return replayed;
    }

    /// <summary>Takes the messages present when called, without acknowledging them.</summary>
    private static async IAsyncEnumerable<(ulong DeliveryTag, DeadLetter Letter)> TakeAllAsync(IChannel channel,
        string deadQueue, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var declared = await channel.QueueDeclarePassiveAsync(deadQueue, cancellationToken);
        for (var taken = 0u; taken < declared.MessageCount; taken++)
        {
            var result = await channel.BasicGetAsync(deadQueue, autoAck: false, cancellationToken);
            if (result is null)
            {
                yield break;
            }

            yield return (result.DeliveryTag, Read(deadQueue, result.BasicProperties, result.Body));
        }
    }

    private static DeadLetter Read(string queue, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var headers = (properties.Headers ?? new Dictionary<string, object?>())
            .ToDictionary(header => header.Key, header => HeaderText(header.Value));
        var attempts = headers.TryGetValue(Topology.AttemptsHeader, out var count)
            && int.TryParse(count, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var firstFailed = headers.TryGetValue(Topology.FirstFailedHeader, out var failedAt)
            && long.TryParse(failedAt, CultureInfo.InvariantCulture, out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                : (DateTimeOffset?)null;

        return new DeadLetter(queue, properties.MessageId ?? "", properties.Type, attempts,
            headers.GetValueOrDefault(Topology.ErrorHeader), firstFailed, headers, body.ToArray());
    }

    private static string HeaderText(object? value) => value switch
    {
        null => "",
        byte[] text => Encoding.UTF8.GetString(text),
        IConvertible convertible => convertible.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static BasicProperties ReplayProperties(DeadLetter letter)
    {
        // Every "x-" header is the broker's or the consumer's record of past tries (attempts, error, first failure,
        // x-death); without them the message starts again as on its first delivery.
        var headers = letter.Headers
            .Where(header => !header.Key.StartsWith("x-", StringComparison.Ordinal))
            .ToDictionary(header => header.Key, header => (object?)header.Value);

        return new BasicProperties
        {
            MessageId = letter.MessageId,
            Type = letter.EventName,
            ContentType = EventJson.ContentType,
            Persistent = true,
            Headers = headers,
        };
    }
}
