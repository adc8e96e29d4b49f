using Drive.Database;

namespace Drive.Auth.Data;

/// <summary>Applies the accounts database's migrations when the service starts.</summary>
public static class DatabaseMigrator
{
    // Any constant works; it only has to differ from the other services' keys and stay the same across releases.
    private const long MigrationLockKey = 0x4472_6976_6541_7574;

    /// <summary>Creates the database if it is missing and applies pending migrations, one replica at a time.</summary>
    public static async Task MigrateAuthDatabaseAsync(
        this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));

        AuthLog.WaitingForMigrationLock(logger);
        await db.Database.MigrateExclusivelyAsync(MigrationLockKey, cancellationToken);
        AuthLog.DatabaseMigrated(logger);
    }
}
