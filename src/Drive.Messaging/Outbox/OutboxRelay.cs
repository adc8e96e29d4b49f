using Drive.Messaging.Rabbit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace Drive.Messaging.Outbox;

/// <summary>
/// Publishes the outbox rows of <typeparamref name="TDbContext"/>: at start (rows a crash left unsent) and then every
/// poll interval, oldest first, in batches locked with <c>FOR UPDATE SKIP LOCKED</c> so several replicas share the
/// work. A row is marked published only after the broker confirmed it; a refused row counts an attempt and is tried
/// again later. While the broker is unreachable the rows stay and the relay backs off.
/// </summary>
internal sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopeFactory,
    BrokerPublisher publisher,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext, IOutboxDbContext
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        var nextPurge = timeProvider.GetUtcNow();

        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = settings.OutboxPollInterval;
            try
            {
                var (published, refused) = await RelayBatchAsync(stoppingToken);
                failures = refused ? failures + 1 : 0;
                if (published == settings.OutboxBatchSize && !refused)
                {
                    continue;
                }

                if (timeProvider.GetUtcNow() >= nextPurge)
                {
                    await PurgeAsync(stoppingToken);
                    nextPurge = timeProvider.GetUtcNow() + PurgeInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                Log.OutboxRelayFailed(logger, exception, Backoff(failures, delay));
            }

            await timeProvider.SleepAsync(failures == 0 ? delay : Backoff(failures, delay), stoppingToken);
        }
    }

    private static TimeSpan Backoff(int failures, TimeSpan pollInterval) =>
        RetryDelay.Compute(failures, pollInterval * 2, MaxBackoff, Random.Shared.NextDouble());

    /// <summary>
    /// Sends one batch in one transaction. Returns how many rows were published and whether the broker refused any
    /// (nack, or unroutable because no queue is bound yet). Any other failure (broker unreachable, confirm timeout)
    /// ends the batch: the rows already confirmed are saved as published, the rest wait for the next try.
    /// </summary>
    private async Task<(int Published, bool Refused)> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();

        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await LockBatchAsync(db, cancellationToken);

            var published = 0;
            var refused = false;
            foreach (var message in batch)
            {
                try
                {
                    var body = System.Text.Encoding.UTF8.GetBytes(message.Payload);
                    await publisher.PublishEventAsync(message.Id, message.EventName, body, cancellationToken);
                    message.PublishedAt = timeProvider.GetUtcNow();
                    published++;
                }
                catch (PublishException exception)
                {
                    message.Attempts++;
                    refused = true;
                    Log.OutboxPublishRefused(logger, exception, message.Id, message.EventName, message.Attempts);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    message.Attempts++;
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    throw;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (published > 0)
            {
                Log.OutboxPublished(logger, published);
            }

            return (published, refused);
        });
    }

    private Task<List<OutboxMessage>> LockBatchAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var table = OutboxModel.QualifiedTable(db);
        var sql = $$"""
            SELECT * FROM {{table}}
            WHERE published_at IS NULL
            ORDER BY occurred_at
            LIMIT {0}
            FOR UPDATE SKIP LOCKED
            """;
        return db.OutboxMessages.FromSqlRaw(sql, options.Value.OutboxBatchSize).ToListAsync(cancellationToken);
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();

        var cutoff = timeProvider.GetUtcNow() - options.Value.OutboxRetention;
        var count = await db.OutboxMessages
            .Where(message => message.PublishedAt != null && message.PublishedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (count > 0)
        {
            Log.OutboxPurged(logger, count, cutoff);
        }
    }
}
