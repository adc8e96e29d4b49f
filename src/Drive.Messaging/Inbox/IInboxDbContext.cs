using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging.Inbox;

/// <summary>A DbContext that keeps an inbox table next to its own tables, so its consumers handle each event once.</summary>
public interface IInboxDbContext
{
    /// <summary>The events its consumers have handled.</summary>
    DbSet<InboxMessage> InboxMessages { get; }
}
