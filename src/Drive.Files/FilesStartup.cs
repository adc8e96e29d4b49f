using Azure.Storage.Blobs.Models;
using Drive.Database;
using Drive.Files.Data;
using Drive.Files.Storage;
using Microsoft.Extensions.Options;

namespace Drive.Files;

/// <summary>
/// Runs before the service takes requests: applies migrations (one replica at a time, under a PostgreSQL advisory
/// lock), creates the blob containers and lets browser pages PUT and GET blobs directly (CORS).
/// </summary>
public sealed partial class FilesStartup(
    IServiceScopeFactory scopes, BlobStore blobs, IOptions<DriveSharedOptions> shared, ILogger<FilesStartup> logger)
    : IHostedService
{
    // An arbitrary, fixed key: every replica of Drive.Files asks for the same lock.
    private const long MigrationLockKey = 0x44726976_6546696C;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // In invariant-globalization mode Normalize returns text unchanged, and names would not be NFC.
        if ("e\u0301".Normalize(System.Text.NormalizationForm.FormC) != "\u00e9")
        {
            throw new InvalidOperationException("Unicode normalization is unavailable; install ICU (libicu).");
        }

        await MigrateAsync(cancellationToken);
        await PrepareStorageAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FilesDbContext>();
        LogMigrated(logger, await db.Database.MigrateExclusivelyAsync(MigrationLockKey, cancellationToken));
    }

    private async Task PrepareStorageAsync(CancellationToken cancellationToken)
    {
        foreach (var container in new[] { BlobStore.FilesContainer, BlobStore.UploadsContainer, BlobStore.ThumbnailsContainer })
        {
            await blobs.Service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var origins = string.Join(',', shared.Value.PublicOrigins
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var cors = new BlobCorsRule
        {
            AllowedOrigins = origins,
            AllowedMethods = "GET,HEAD,PUT,OPTIONS",
            AllowedHeaders = "*",
            ExposedHeaders = "*",
            MaxAgeInSeconds = 3600,
        };

        // The current properties are sent back with new CORS rules: a partial document is refused by Azurite.
        var properties = (await blobs.Service.GetPropertiesAsync(cancellationToken)).Value;
        properties.Cors = [cors];
        await blobs.Service.SetPropertiesAsync(properties, cancellationToken);
        LogStoragePrepared(logger, origins);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database {Database} migrated")]
    private static partial void LogMigrated(ILogger logger, string? database);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Blob containers ready; CORS allows origins {Origins}")]
    private static partial void LogStoragePrepared(ILogger logger, string origins);
}
