using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Messaging.Outbox;
using Drive.Messaging.Rabbit;
using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging;

/// <summary>Maps the outbox table and writes events into it, inside the caller's unit of work.</summary>
public static class OutboxExtensions
{
    /// <summary>
    /// Maps <see cref="OutboxMessage"/> to the table <c>outbox_messages</c>, with an index on the rows not yet
    /// published. Call from <c>OnModelCreating</c> of a context that implements <see cref="IOutboxDbContext"/>.
    /// </summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        OutboxModel.Configure(modelBuilder);
        return modelBuilder;
    }

    /// <summary>
    /// Adds <paramref name="evt"/> to the outbox. It is written by the caller's next <c>SaveChangesAsync</c>, in the
    /// same transaction as the change it describes, and published afterwards by the outbox relay.
    /// </summary>
    public static OutboxMessage AddEvent<TEvent>(this IOutboxDbContext db, TEvent evt) where TEvent : IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(evt);

        var message = new OutboxMessage
        {
            Id = evt.EventId,
            EventName = EventNameAttribute.Of<TEvent>(),
            Payload = JsonSerializer.Serialize(evt, EventJson.Options),
            OccurredAt = evt.OccurredAt,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}
