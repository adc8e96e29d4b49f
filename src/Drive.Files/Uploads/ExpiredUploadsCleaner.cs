using Drive.Files.Data;
using Drive.Files.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Drive.Files.Uploads;

/// <summary>
/// Deletes expired uploads: the blocks or blob of one never completed, and the row of any upload past its expiry
/// (completing an upload again works only until then).
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
            }
            catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or Azure.RequestFailedException)
            {
                LogCleanupFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Cleans up to one batch of expired uploads and returns how many it removed.</summary>
    public async Task<int> CleanBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        var blobs = scope.ServiceProvider.GetRequiredService<BlobStore>();
        var now = time.GetUtcNow();
        var expired = await db.Uploads.Where(u => u.ExpiresAt < now).OrderBy(u => u.ExpiresAt).Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var upload in expired)
        {
            // A completed upload's blob belongs to its file now; only pending ones leave bytes behind.
            if (upload.State == UploadState.Pending)
            {
                await blobs.DiscardAsync(upload.BlobName, cancellationToken);
            }

            db.Uploads.Remove(upload);
            await db.SaveChangesAsync(cancellationToken);
            LogExpired(logger, upload.Id, upload.State);
        }

        return expired.Count;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Removed expired upload {UploadId} ({State})")]
    private static partial void LogExpired(ILogger logger, Guid uploadId, UploadState state);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Cleaning expired uploads failed; retrying later")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
