using Drive.Files.Data;
using Drive.Files.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Drive.Files.Uploads;

/// <summary>
/// Deletes expired uploads: the blocks or blob of one never completed, the content a completed new version replaced
/// (in case deleting it right after the completion failed), and the row of any upload past its expiry (completing an
/// upload again works only until then). Then deletes every staging blob no pending upload owns once its
/// write URL has expired, so bytes sent after a completion or an abort do not stay.
/// </summary>
public sealed partial class ExpiredUploadsCleaner(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<FilesOptions> options, ILogger<ExpiredUploadsCleaner> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                while (await CleanBatchAsync(stoppingToken) == BatchSize)
                {
                }

                await SweepStagingAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or Azure.RequestFailedException)
            {
                LogCleanupFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Cleans up to one batch of expired uploads and returns how many it removed. Every files replica runs this
    /// cleaner; the rows are locked with SKIP LOCKED, so replicas split the work instead of deleting the same rows.
    /// </summary>
    public async Task<int> CleanBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var expired = await db.Uploads
            .FromSql($"""
                SELECT *, xmin FROM uploads WHERE "ExpiresAt" < {now}
                ORDER BY "ExpiresAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var upload in expired)
        {
            // A completed upload's blob belongs to its file now. One that never completed leaves its staging blob
            // and perhaps the copy a completion made before it failed or crashed; a completed new version leaves the
            // content it replaced. No item points at any of these.
            if (upload.State != UploadState.Completed)
            {
                await blobs.DiscardAsync(upload.BlobName, cancellationToken);
                await blobs.DeleteIfExistsAsync(
                    BlobStore.FilesContainer, UploadService.ContentBlobName(upload), cancellationToken);
            }
            else if (upload.ReplacedBlobName is { } replaced)
            {
                await blobs.DeleteIfExistsAsync(BlobStore.FilesContainer, replaced, cancellationToken);
            }

            db.Uploads.Remove(upload);
            LogExpired(logger, upload.Id, upload.State);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    /// <summary>
    /// Deletes the staging blobs whose upload is gone, or finished with its write URL expired (allowing for clock
    /// skew), and returns how many it deleted.
    /// </summary>
    public async Task<int> SweepStagingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var deleted = 0;
        var batch = new List<string>(BatchSize);
        await foreach (var name in blobs.ListStagingBlobsAsync(cancellationToken))
        {
            batch.Add(name);
            if (batch.Count == BatchSize)
            {
                deleted += await SweepBatchAsync(db, blobs, batch, cancellationToken);
                batch.Clear();
            }
        }

        return deleted + (batch.Count > 0 ? await SweepBatchAsync(db, blobs, batch, cancellationToken) : 0);
    }

    private async Task<int> SweepBatchAsync(
        FilesDbContext db, BlobStore blobs, List<string> names, CancellationToken cancellationToken)
    {
        var writableUntil = time.GetUtcNow() - BlobStore.ClockSkew;
        var ids = names.Select(n => Guid.TryParse(n, out var id) ? id : Guid.Empty).ToList();
        var kept = await db.Uploads.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && (u.State == UploadState.Pending || u.ExpiresAt > writableUntil))
            .Select(u => u.BlobName).ToListAsync(cancellationToken);

        var orphans = names.Except(kept).ToList();
        foreach (var name in orphans)
        {
            await blobs.DiscardAsync(name, cancellationToken);
            LogStagingSwept(logger, name);
        }

        return orphans.Count;
    }

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Deleted orphaned staging blob {BlobName}")]
    private static partial void LogStagingSwept(ILogger logger, string blobName);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Removed expired upload {UploadId} ({State})")]
    private static partial void LogExpired(ILogger logger, Guid uploadId, UploadState state);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Cleaning expired uploads failed; retrying later")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
