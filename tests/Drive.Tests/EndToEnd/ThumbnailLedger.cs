using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Contracts.Thumbnails;
using Drive.Files;
using Drive.Files.Data;
using Drive.Messaging;
using Drive.Messaging.Rabbit;
using Drive.Thumbnails;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// Checks, past the public API, that each file's thumbnail was made once: its upload event published once, its
/// <c>ThumbnailReady</c> handled once by Files and no <c>ThumbnailFailed</c>, and exactly its two renditions stored.
/// </summary>
internal static class ThumbnailLedger
{
    private static readonly string ReadyName = EventNameAttribute.Of<ThumbnailReady>();
    private static readonly string FailedName = EventNameAttribute.Of<ThumbnailFailed>();

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Waits (up to four minutes) until no item's thumbnail is pending, then asserts that every one is ready and
    /// was made exactly once.
    /// </summary>
    public static async Task AssertAllReadyOnceAsync(DriveAppFixture drive, DriveApiClient client,
        IReadOnlyCollection<Guid> ids, ITestOutputHelper output, CancellationToken ct)
    {
        var states = await WaitUntilSettledAsync(client, ids, SettleTimeout, output, ct);
        Assert.All(states, s => Assert.Equal("ready", s.Value));
        await AssertEachMadeOnceAsync(drive, ids, ct);
    }

    /// <summary>
    /// Polls the items until none is pending, within <paramref name="timeout"/>, and returns each one's final state.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, string?>> WaitUntilSettledAsync(
        DriveApiClient client, IReadOnlyCollection<Guid> ids, TimeSpan timeout, ITestOutputHelper output,
        CancellationToken ct)
    {
        var states = ids.ToDictionary(id => id, _ => (string?)"pending");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            foreach (var id in states.Where(s => s.Value is "pending").Select(s => s.Key).ToList())
            {
                states[id] = (await client.GetItemAsync(id, ct)).Thumbnail?.State;
            }

            var pending = states.Count(s => s.Value is "pending");
            if (pending == 0)
            {
                output.WriteLine($"no thumbnail pending among {ids.Count} after {clock.Elapsed.TotalSeconds:F0} s of waiting");
                return states;
            }

            Assert.True(clock.Elapsed < timeout,
                $"{pending} of {ids.Count} thumbnails still pending after {timeout.TotalSeconds:F0} s");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>Asserts that every file in <paramref name="ids"/> got its thumbnail exactly once.</summary>
    public static async Task AssertEachMadeOnceAsync(
        DriveAppFixture drive, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var db = await drive.FilesDbAsync(ct);
        var items = await db.Items.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);

        var uploadedName = EventNameAttribute.Of<FileUploaded>();
        var uploads = (await db.OutboxMessages.AsNoTracking().Where(m => m.EventName == uploadedName).ToListAsync(ct))
            .Select(m => (Row: m, Event: JsonSerializer.Deserialize<FileUploaded>(m.Payload, EventJson.Options)!))
            .Where(u => ids.Contains(u.Event.FileId))
            .ToLookup(u => u.Event.FileId);

        var readyQueue = Topology.QueueName(FilesServiceExtensions.ConsumerName, ReadyName);
        var failedQueue = Topology.QueueName(FilesServiceExtensions.ConsumerName, FailedName);
        var handled = (await db.InboxMessages.AsNoTracking()
                .Where(m => m.Consumer == readyQueue || m.Consumer == failedQueue).ToListAsync(ct))
            .Select(m => (m.Consumer, m.EventId)).ToHashSet();

        var container = (await drive.BlobsAsync(ct)).GetBlobContainerClient(ThumbnailStore.ThumbnailsContainer);
        foreach (var id in ids)
        {
            var item = items[id];
            Assert.Equal(ThumbnailState.Ready, item.ThumbnailState);
            Assert.NotNull(item.BlobName);

            var upload = Assert.Single(uploads[id]);
            Assert.NotNull(upload.Row.PublishedAt);
            Assert.Contains((readyQueue, Derived(upload.Event.EventId, ReadyName)), handled);
            Assert.DoesNotContain((failedQueue, Derived(upload.Event.EventId, FailedName)), handled);

            Assert.NotNull(item.Sha256);
            var thumbnail = ThumbnailBlobNames.Rendition(id, item.Sha256, 256);
            Assert.Equal(thumbnail, item.ThumbnailBlobName);
            var stored = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(new() { Prefix = $"{id:D}/" }, ct))
            {
                stored.Add(blob.Name);
            }

            Assert.Equal([ThumbnailBlobNames.Rendition(id, item.Sha256, 1024), thumbnail],
                stored.Order(StringComparer.Ordinal));
        }
    }

    private static Guid Derived(Guid uploadEventId, string resultName) =>
        EventIds.Derived(uploadEventId, ThumbnailsExtensions.ConsumerName, resultName);
}
