using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Drive.Auth.Data;

/// <summary>Applies the accounts database's migrations when the service starts.</summary>
public static class DatabaseMigrator
{
    // Any constant works; it only has to differ from the other services' keys and stay the same across releases.
    private const long MigrationLockKey = 0x4472_6976_6541_7574;

    /// <summary>
    /// Creates the database if it is missing and applies pending migrations. Replicas starting together take a
    /// PostgreSQL advisory lock in the server's maintenance database first, so exactly one of them migrates at a
    /// time (the lock cannot live in the target database, which may not exist yet).
    /// </summary>
    public static async Task MigrateAuthDatabaseAsync(
        this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));

        var maintenance = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString())
        {
            Database = "postgres",
            Pooling = false,
        };
        await using var lockConnection = new NpgsqlConnection(maintenance.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);

        AuthLog.WaitingForMigrationLock(logger);
        await ExecuteAsync(lockConnection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
            AuthLog.DatabaseMigrated(logger);
        }
        finally
        {
            await ExecuteAsync(lockConnection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
