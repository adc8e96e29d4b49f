using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drive.Messaging.Inbox;

/// <summary>
/// Deletes the inbox rows of <typeparamref name="TDbContext"/> processed longer ago than
/// <see cref="MessagingOptions.InboxRetention"/>: at start, then every
/// <see cref="MessagingOptions.InboxCleanupInterval"/>, in batches of
/// <see cref="MessagingOptions.InboxCleanupBatchSize"/>, each its own short statement. Every replica runs it; a batch
/// locks its rows with <c>FOR UPDATE SKIP LOCKED</c>, so replicas split the rows instead of waiting on each other,
/// and a row another replica deleted first is simply not found.
/// </summary>
public sealed class InboxCleaner<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<InboxCleaner<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext, IInboxDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxCleanupInterval, timeProvider);
        do
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is DbException or DbUpdateException or TimeoutException)
            {
                Log.InboxCleanupFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every row past the retention, batch after batch; returns how many this call deleted.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = timeProvider.GetUtcNow() - settings.InboxRetention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await DeleteBatchAsync(cutoff, settings.InboxCleanupBatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == settings.InboxCleanupBatchSize);

        if (total > 0)
        {
            Log.InboxPurged(logger, total, cutoff);
        }

        return total;
    }

    private async Task<int> DeleteBatchAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = InboxModel.QualifiedTable(db);
        var sql = $$"""
            DELETE FROM {{table}} WHERE ctid IN (
                SELECT ctid FROM {{table}} WHERE processed_at < {0}
                LIMIT {1}
                FOR UPDATE SKIP LOCKED)
            """;
        return await db.Database.ExecuteSqlRawAsync(sql, [cutoff, batchSize], cancellationToken);
    }
}
