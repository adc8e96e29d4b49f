using Drive.Contracts.Events;

namespace Drive.Messaging;

/// <summary>
/// Reacts to one integration event. Resolved in a fresh DI scope per message. A handler may see the same event more
/// than once (delivery is at least once), so it must be idempotent. Returning acknowledges the message; throwing
/// sends it to the retry queue, and to the dead-letter queue after the configured number of attempts.
/// </summary>
public interface IEventHandler<in TEvent> where TEvent : IIntegrationEvent
{
    /// <summary>Handles <paramref name="event"/>.</summary>
    Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
