using Drive.Messaging;
using Drive.Messaging.Inbox;
using Drive.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Drive.Files.Data;

/// <summary>Folders, files, uploads, and the outbox and inbox of the files service.</summary>
public sealed class FilesDbContext(DbContextOptions<FilesDbContext> options)
    : DbContext(options), IOutboxDbContext, IInboxDbContext
{
    public DbSet<Item> Items => Set<Item>();

    public DbSet<Upload> Uploads => Set<Upload>();

    /// <inheritdoc />
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <inheritdoc />
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Item>(item =>
        {
            item.ToTable("items");
            item.Property(i => i.Name).HasMaxLength(255);
            item.Property(i => i.ContentType).HasMaxLength(255);
            item.Property(i => i.Sha256).HasMaxLength(64);
            item.Property(i => i.BlobName).HasMaxLength(200);
            item.Property(i => i.ThumbnailBlobName).HasMaxLength(300);
            item.Property(i => i.ThumbnailFailureReason).HasMaxLength(500);
            item.HasOne(i => i.Parent).WithMany().HasForeignKey(i => i.ParentId).OnDelete(DeleteBehavior.Cascade);

            // One live name per folder; trashed items step aside until restored.
            item.HasIndex(i => new { i.OwnerId, i.ParentId, i.Name })
                .IsUnique()
                .HasFilter("\"TrashedAt\" IS NULL AND \"ParentId\" IS NOT NULL")
                .HasDatabaseName("ux_items_owner_parent_name");
            item.HasIndex(i => i.OwnerId)
                .IsUnique()
                .HasFilter("\"ParentId\" IS NULL")
                .HasDatabaseName("ux_items_root_per_owner");

            // Keyset pagination of a folder's children, one index per sort order.
            item.HasIndex(i => new { i.ParentId, i.Kind, i.Name, i.Id })
                .HasFilter("\"TrashedAt\" IS NULL").HasDatabaseName("ix_items_children_name");
            item.HasIndex(i => new { i.ParentId, i.Kind, i.ModifiedAt, i.Id })
                .HasFilter("\"TrashedAt\" IS NULL").HasDatabaseName("ix_items_children_modified");
            item.HasIndex(i => new { i.ParentId, i.Kind, i.Size, i.Id })
                .HasFilter("\"TrashedAt\" IS NULL").HasDatabaseName("ix_items_children_size");
            item.HasIndex(i => new { i.OwnerId, i.TrashedAt })
                .HasFilter("\"TrashedWith\" = \"Id\"").HasDatabaseName("ix_items_trash");
        });

        modelBuilder.Entity<Upload>(upload =>
        {
            upload.ToTable("uploads");
            upload.Property(u => u.Name).HasMaxLength(255);
            upload.Property(u => u.ContentType).HasMaxLength(255);
            upload.Property(u => u.DeclaredSha256).HasMaxLength(64);
            upload.Property(u => u.BlobName).HasMaxLength(200);
            upload.Property(u => u.ReplacedBlobName).HasMaxLength(200);
            upload.Property(u => u.Version).IsRowVersion();
            upload.HasIndex(u => u.ExpiresAt);
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
    }
}
