namespace Drive.Messaging.Outbox;

/// <summary>
/// An event waiting to be published, stored in the same database and transaction as the change it describes.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event's id (<c>IIntegrationEvent.EventId</c>).</summary>
    public Guid Id { get; init; }

    /// <summary>The event's routing key.</summary>
    public required string EventName { get; init; }

    /// <summary>The event serialized as JSON.</summary>
    public required string Payload { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the broker confirmed it; null while unsent.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>How many times the relay tried to publish it.</summary>
    public int Attempts { get; set; }
}
