using Drive.Files.Data;
using Drive.Messaging;
using Drive.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Drive.Tests.Messaging;

/// <summary>
/// The inbox cleaner against a real PostgreSQL with Drive.Files' migrations: rows past the retention go, in batches,
/// recent ones stay, and two cleaners running at once (two replicas) split the work without error.
/// </summary>
[Collection(MessagingServersCollection.Name)]
public sealed class InboxCleanerTests(MessagingServers servers)
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    [Fact]
    public async Task Rows_older_than_the_retention_are_deleted_in_batches_and_recent_ones_kept()
    {
        var connectionString = await servers.CreateDatabaseAsync("inbox_cleaner");
        await using var services = Services(connectionString);
        var now = DateTimeOffset.UtcNow;
        var old = await AddRowsAsync(services, 23, now - Retention - TimeSpan.FromHours(1));
        var recent = await AddRowsAsync(services, 7, now - Retention + TimeSpan.FromHours(1));

        var deleted = await Cleaner(services, batchSize: 5).DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(old.Count, deleted);
        Assert.Equal(recent.Order(), (await RemainingAsync(services)).Order());
        Assert.Equal(0, await Cleaner(services, batchSize: 5).DeleteExpiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cleaners_of_several_replicas_running_at_once_delete_each_old_row_once()
    {
        var connectionString = await servers.CreateDatabaseAsync("inbox_cleaner");
        await using var services = Services(connectionString);
        var now = DateTimeOffset.UtcNow;
        var old = await AddRowsAsync(services, 400, now - TimeSpan.FromDays(30));
        var recent = await AddRowsAsync(services, 10, now - TimeSpan.FromMinutes(1));

        var counts = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => Cleaner(services, batchSize: 7).DeleteExpiredAsync(CancellationToken.None))));

        Assert.Equal(old.Count, counts.Sum());
        Assert.Equal(recent.Order(), (await RemainingAsync(services)).Order());
    }

    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDbContext<FilesDbContext>(options => options.UseNpgsql(connectionString));
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<FilesDbContext>().Database.Migrate();
        return provider;
    }

    private static InboxCleaner<FilesDbContext> Cleaner(ServiceProvider services, int batchSize) =>
        new(services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new MessagingOptions { InboxRetention = Retention, InboxCleanupBatchSize = batchSize }),
            TimeProvider.System,
            NullLogger<InboxCleaner<FilesDbContext>>.Instance);

    private static async Task<List<Guid>> AddRowsAsync(ServiceProvider services, int count, DateTimeOffset processedAt)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        db.InboxMessages.AddRange(ids.Select((id, index) => new InboxMessage
        {
            Consumer = index % 2 == 0 ? "files.thumbnails.thumbnail-ready.v1" : "files.thumbnails.thumbnail-failed.v1",
            EventId = id,
            ProcessedAt = processedAt,
        }));
        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<List<Guid>> RemainingAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        return await db.InboxMessages.Select(m => m.EventId).ToListAsync();
    }
}
