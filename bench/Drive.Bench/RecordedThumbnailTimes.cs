using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Files;
using Drive.Files.Data;
using Drive.Messaging;
using Drive.Messaging.Rabbit;
using Drive.Thumbnails;
using Microsoft.EntityFrameworkCore;

namespace Drive.Bench;

/// <summary>
/// When each file's thumbnail became ready, as the system recorded it in the files database: the upload's
/// <c>FileUploaded</c> outbox row (written by <c>complete</c>, with the time the broker confirmed it) and the inbox row
/// of the <c>ThumbnailReady</c> that Drive.Files handled (its id derived from the upload event's). Reading these adds
/// no load while the thumbnails are made, unlike polling every item.
/// </summary>
public static class RecordedThumbnailTimes
{
    private static readonly string UploadedName = EventNameAttribute.Of<FileUploaded>();
    private static readonly string ReadyName = EventNameAttribute.Of<ThumbnailReady>();

    /// <summary>
    /// For every file in <paramref name="fileIds"/>: when its upload event was published and when Drive.Files began
    /// the transaction that marked its thumbnail ready (the inbox row's time; the item changes in that transaction).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, ThumbnailTimes>> ReadAsync(
        string filesDatabase, IReadOnlyCollection<Guid> fileIds, CancellationToken ct)
    {
        await using var db = new FilesDbContext(
            new DbContextOptionsBuilder<FilesDbContext>().UseNpgsql(filesDatabase).Options);
        var wanted = fileIds.ToHashSet();
        var uploads = (await db.OutboxMessages.AsNoTracking().Where(m => m.EventName == UploadedName).ToListAsync(ct))
            .Select(m => (Row: m, Event: JsonSerializer.Deserialize<FileUploaded>(m.Payload, EventJson.Options)!))
            .Where(u => wanted.Contains(u.Event.FileId))
            .ToList();

        var fileByReadyId = uploads.ToDictionary(
            u => EventIds.Derived(u.Event.EventId, ThumbnailsExtensions.ConsumerName, ReadyName), u => u.Event.FileId);
        var readyQueue = Topology.QueueName(FilesServiceExtensions.ConsumerName, ReadyName);
        var readyIds = fileByReadyId.Keys.ToList();
        var readyAt = (await db.InboxMessages.AsNoTracking()
                .Where(m => m.Consumer == readyQueue && readyIds.Contains(m.EventId))
                .ToListAsync(ct))
            .ToDictionary(m => fileByReadyId[m.EventId], m => m.ProcessedAt);

        var times = uploads
            .Where(u => u.Row.PublishedAt is not null && readyAt.ContainsKey(u.Event.FileId))
            .ToDictionary(
                u => u.Event.FileId, u => new ThumbnailTimes(u.Row.PublishedAt!.Value, readyAt[u.Event.FileId]));
        var missing = wanted.Count - times.Count;
        return missing == 0
            ? times
            : throw new InvalidOperationException(
                $"{missing} of {wanted.Count} files have no published upload event or no handled ThumbnailReady in " +
                "the files database, although the API reports every thumbnail ready.");
    }
}

/// <summary>When a file's upload event was published, and when Drive.Files marked its thumbnail ready.</summary>
public sealed record ThumbnailTimes(DateTimeOffset PublishedAt, DateTimeOffset ReadyAt);
