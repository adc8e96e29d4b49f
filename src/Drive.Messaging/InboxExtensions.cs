using Drive.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging;

/// <summary>Maps the inbox table that consumers registered with an inbox write to.</summary>
public static class InboxExtensions
{
    /// <summary>
    /// Maps <see cref="InboxMessage"/> to the table <c>inbox_messages</c>, keyed by (consumer, event id). Call from
    /// <c>OnModelCreating</c> of a context that implements <see cref="IInboxDbContext"/>.
    /// </summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        InboxModel.Configure(modelBuilder);
        return modelBuilder;
    }
}
