using Drive.Contracts.Events;
using Drive.Files.Data;
using Drive.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Drive.Tests.Messaging;

/// <summary>
/// The inbox against real PostgreSQL and RabbitMQ: Drive.Files' context with its migrations, a consumer registered
/// the way Drive.Files registers its thumbnail consumers, and a handler whose effect is not idempotent (it adds one
/// to the item's size), so a second run would show.
/// </summary>
[Collection(MessagingServersCollection.Name)]
public sealed class InboxTests(MessagingServers servers)
{
    [Fact]
    public async Task An_event_delivered_twice_is_handled_once_and_recorded_once()
    {
        await using var run = await InboxRun.StartAsync(servers, failingTries: 0);
        var evt = run.ReadyEvent();

        await run.PublishAsync(evt);
        await run.PublishAsync(evt);
        var sentinel = run.ReadyEvent();
        await run.PublishAsync(sentinel);

        // One message at a time in order: once the sentinel is recorded, both copies of the event were consumed.
        await run.WaitForInboxAsync(sentinel.EventId);
        Assert.Equal(2L, await run.ItemSizeAsync());
        Assert.Equal(2, run.Calls.Succeeded);
        Assert.Equal(1, await run.InboxRowsAsync(evt.EventId));
    }

    [Fact]
    public async Task A_failed_try_rolls_back_its_change_and_claims_nothing()
    {
        await using var run = await InboxRun.StartAsync(servers, failingTries: 1);
        var evt = run.ReadyEvent();

        await run.PublishAsync(evt);

        // The first try added one and threw: that addition and its inbox row went with the rollback.
        await run.WaitForInboxAsync(evt.EventId);
        Assert.Equal(1, run.Calls.Failed);
        Assert.Equal(1, run.Calls.Succeeded);
        Assert.Equal(1L, await run.ItemSizeAsync());
        Assert.Equal(1, await run.InboxRowsAsync(evt.EventId));
    }

    /// <summary>Counts the handler's runs; the first <c>failingTries</c> fail after making their change.</summary>
    private sealed class HandlerCalls(int failingTries)
    {
        private int tries;
        private int failed;
        private int succeeded;

        public int Failed => Volatile.Read(ref failed);

        public int Succeeded => Volatile.Read(ref succeeded);

        public bool ShouldFail()
        {
            if (Interlocked.Increment(ref tries) <= failingTries)
            {
                Interlocked.Increment(ref failed);
                return true;
            }

            Interlocked.Increment(ref succeeded);
            return false;
        }
    }

    private sealed class AddOneHandler(FilesDbContext db, HandlerCalls calls) : IEventHandler<ThumbnailReady>
    {
        public async Task HandleAsync(ThumbnailReady @event, CancellationToken cancellationToken)
        {
            await db.Items.Where(item => item.Id == @event.FileId)
                .ExecuteUpdateAsync(set => set.SetProperty(item => item.Size, item => item.Size + 1), cancellationToken);
            if (calls.ShouldFail())
            {
                throw new InvalidOperationException("Failing on purpose after the change.");
            }
        }
    }

    private sealed class InboxRun : IAsyncDisposable
    {
        private readonly IHost host;
        private readonly string connectionString;
        private readonly Guid fileId = Guid.NewGuid();

        private InboxRun(IHost host, string connectionString, HandlerCalls calls)
        {
            this.host = host;
            this.connectionString = connectionString;
            Calls = calls;
        }

        public HandlerCalls Calls { get; }

        private string Queue { get; init; } = "";

        public static async Task<InboxRun> StartAsync(MessagingServers servers, int failingTries)
        {
            var connectionString = await servers.CreateDatabaseAsync("inbox");
            var consumer = $"inbox-test-{Guid.NewGuid():N}"[..20];
            var calls = new HandlerCalls(failingTries);

            var builder = ConsumerHost.CreateBuilder(servers);
            builder.Services.AddDbContext<FilesDbContext>(options => options.UseNpgsql(connectionString));
            builder.Services.AddSingleton(calls);
            builder.Services.AddEventConsumerWithInbox<ThumbnailReady, AddOneHandler, FilesDbContext>(consumer);
            var run = new InboxRun(builder.Build(), connectionString, calls)
            {
                Queue = $"{consumer}.{EventNameAttribute.Of<ThumbnailReady>()}",
            };

            await run.PrepareDatabaseAsync();
            await run.host.StartAsync();
            await using var connection = await servers.ConnectAsync();
            await ConsumerHost.WaitForConsumerAsync(connection, run.Queue);
            return run;
        }

        public ThumbnailReady ReadyEvent() =>
            new(Guid.NewGuid(), DateTimeOffset.UtcNow, fileId, "source", "thumbnail", 256, 256);

        public Task PublishAsync(ThumbnailReady evt) =>
            host.Services.GetRequiredService<IEventPublisher>().PublishAsync(evt, CancellationToken.None);

        public Task WaitForInboxAsync(Guid eventId) =>
            ConsumerHost.WaitUntilAsync($"event {eventId} in the inbox", async () => await InboxRowsAsync(eventId) > 0);

        public async Task<int> InboxRowsAsync(Guid eventId)
        {
            await using var db = NewContext();
            return await db.InboxMessages.CountAsync(message => message.Consumer == Queue && message.EventId == eventId);
        }

        public async Task<long> ItemSizeAsync()
        {
            await using var db = NewContext();
            return await db.Items.Where(item => item.Id == fileId).Select(item => item.Size).SingleAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }

        private async Task PrepareDatabaseAsync()
        {
            await using var db = NewContext();
            await db.Database.MigrateAsync();
            var now = DateTimeOffset.UtcNow;
            db.Items.Add(new Drive.Files.Data.Item
            {
                Id = fileId, OwnerId = Guid.NewGuid(), Kind = ItemKind.Folder, Name = "root", CreatedAt = now, ModifiedAt = now,
            });
            await db.SaveChangesAsync();
        }

        private FilesDbContext NewContext() =>
            new(new DbContextOptionsBuilder<FilesDbContext>().UseNpgsql(connectionString).Options);
    }
}
