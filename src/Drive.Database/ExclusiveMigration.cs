using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Drive.Database;

/// <summary>Applies a service's migrations from one replica at a time.</summary>
public static class ExclusiveMigration
{
    /// <summary>
    /// Creates the database if it is missing and applies pending migrations while holding a PostgreSQL advisory
    /// lock, so replicas starting together migrate one after another and the later ones find nothing left to do.
    /// The lock is taken in the server's maintenance database, because the target database may not exist yet.
    /// </summary>
    /// <param name="database">The service's database.</param>
    /// <param name="lockKey">A constant of the service's own: every replica of it asks for the same lock.</param>
    /// <param name="cancellationToken">Ends the wait for the lock or the migration.</param>
    /// <returns>The name of the migrated database.</returns>
    public static async Task<string?> MigrateExclusivelyAsync(
        this DatabaseFacade database, long lockKey, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(database.GetConnectionString());
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString)
        {
            Database = "postgres",
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", lockKey, cancellationToken);
        try
        {
            await database.MigrateAsync(cancellationToken);
            return target.Database;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", lockKey, CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, long lockKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", lockKey);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
