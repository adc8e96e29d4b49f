using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging.Inbox;

/// <summary>The inbox table's mapping, and the one statement that claims an event for a consumer.</summary>
internal static class InboxModel
{
    public const string Table = "inbox_messages";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<InboxMessage>(entity =>
        {
            entity.ToTable(Table);
            entity.HasKey(message => new { message.Consumer, message.EventId });
            entity.Property(message => message.Consumer).HasColumnName("consumer").HasMaxLength(200);
            entity.Property(message => message.EventId).HasColumnName("event_id").ValueGeneratedNever();
            entity.Property(message => message.ProcessedAt).HasColumnName("processed_at");
            entity.HasIndex(message => message.ProcessedAt).HasDatabaseName("ix_inbox_messages_processed_at");
        });
    }

    /// <summary>
    /// Inserts the inbox row inside the caller's transaction. Returns false when the row exists already: the event
    /// was handled before. A concurrent claim of the same event waits on the primary key until the other
    /// transaction ends, then sees its row (commit) or takes the claim itself (rollback).
    /// </summary>
    public static async Task<bool> TryClaimAsync(DbContext db, string consumer, Guid eventId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sql = $$"""
            INSERT INTO {{QualifiedTable(db)}} (consumer, event_id, processed_at)
            VALUES ({0}, {1}, {2})
            ON CONFLICT DO NOTHING
            """;
        var inserted = await db.Database.ExecuteSqlRawAsync(sql, [consumer, eventId, now], cancellationToken);
        return inserted == 1;
    }

    /// <summary>The inbox table as <paramref name="db"/> maps it, schema-qualified and quoted.</summary>
    public static string QualifiedTable(DbContext db) =>
        MappedTables.QualifiedName<InboxMessage>(db, "modelBuilder.AddInbox()");
}
