namespace Drive.Messaging.DeadLetters;

/// <summary>A message that failed every try and waits in a dead-letter queue.</summary>
/// <param name="Queue">The dead-letter queue holding it, <c>{queue}.dead</c>.</param>
/// <param name="MessageId">The message id, which is the event id.</param>
/// <param name="EventName">The event's routing key, such as <c>files.file-purged.v1</c>.</param>
/// <param name="Attempts">How many times a handler tried it.</param>
/// <param name="Error">The last error, as the consumer recorded it.</param>
/// <param name="FirstFailedAt">When its first try failed, when recorded.</param>
/// <param name="Headers">Every header, values as text.</param>
/// <param name="Body">The message body (the event as JSON).</param>
public sealed record DeadLetter(
    string Queue,
    string MessageId,
    string? EventName,
    int Attempts,
    string? Error,
    DateTimeOffset? FirstFailedAt,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The queue the message failed in, where a replay sends it.</summary>
    public string OriginalQueue => DeadLetterQueues.OriginalQueueOf(Queue);
}
