using Drive.Contracts.Events;

namespace Drive.Messaging;

/// <summary>Publishes integration events to the <c>drive.events</c> exchange and waits for the broker's confirm.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes <paramref name="evt"/> as a persistent message routed by its event name. Completes once the broker
    /// confirmed it; throws when the broker refused it, returned it as unroutable, or cannot be reached.
    /// </summary>
    Task PublishAsync<TEvent>(TEvent evt, CancellationToken cancellationToken) where TEvent : IIntegrationEvent;
}
