namespace Drive.Messaging.Inbox;

/// <summary>
/// One event one consumer has handled, written in the same transaction as the handler's changes. Its key
/// (<see cref="Consumer"/>, <see cref="EventId"/>) is what makes a redelivered event a no-op.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>The consumer's queue, such as <c>files.thumbnails.thumbnail-ready.v1</c>.</summary>
    public required string Consumer { get; init; }

    /// <summary>The handled event's id (<c>IIntegrationEvent.EventId</c>).</summary>
    public Guid EventId { get; init; }

    /// <summary>When the handler's transaction committed.</summary>
    public DateTimeOffset ProcessedAt { get; init; }
}
