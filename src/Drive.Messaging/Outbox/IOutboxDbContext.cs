using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging.Outbox;

/// <summary>A DbContext that keeps an outbox table next to its own tables.</summary>
public interface IOutboxDbContext
{
    /// <summary>Events not yet confirmed by the broker, and those confirmed recently.</summary>
    DbSet<OutboxMessage> OutboxMessages { get; }
}
