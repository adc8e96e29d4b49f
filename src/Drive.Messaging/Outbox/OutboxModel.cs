using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging.Outbox;

/// <summary>The outbox table's mapping; the relay's SQL relies on these names.</summary>
internal static class OutboxModel
{
    public const string Table = "outbox_messages";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(entity =>
        {
            entity.ToTable(Table);
            entity.HasKey(message => message.Id);
            entity.Property(message => message.Id).HasColumnName("id").ValueGeneratedNever();
            entity.Property(message => message.EventName).HasColumnName("event_name").HasMaxLength(200);
            entity.Property(message => message.Payload).HasColumnName("payload").HasColumnType("jsonb");
            entity.Property(message => message.OccurredAt).HasColumnName("occurred_at");
            entity.Property(message => message.PublishedAt).HasColumnName("published_at");
            entity.Property(message => message.Attempts).HasColumnName("attempts");

            entity.HasIndex(message => message.OccurredAt)
                .HasDatabaseName("ix_outbox_messages_unpublished")
                .HasFilter("published_at IS NULL");
            entity.HasIndex(message => message.PublishedAt)
                .HasDatabaseName("ix_outbox_messages_published_at")
                .HasFilter("published_at IS NOT NULL");
        });
    }

    /// <summary>The table's name, schema-qualified and quoted, as the context maps it.</summary>
    public static string QualifiedTable(DbContext db) =>
        MappedTables.QualifiedName<OutboxMessage>(db, "modelBuilder.AddOutbox()");
}
