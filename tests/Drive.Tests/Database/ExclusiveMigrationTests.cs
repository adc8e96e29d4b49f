using Drive.Database;
using Drive.Files.Data;
using Drive.Tests.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Drive.Tests.Database;

/// <summary>Replicas starting together against a real PostgreSQL whose database does not exist yet.</summary>
[Collection(MessagingServersCollection.Name)]
public sealed class ExclusiveMigrationTests(MessagingServers servers)
{
    private const long LockKey = 0x7465_7374_4D69_6772;

    [Fact]
    public async Task Replicas_migrating_at_once_create_the_database_and_apply_each_migration_once()
    {
        var existing = new NpgsqlConnectionStringBuilder(await servers.CreateDatabaseAsync("unused"));
        var fresh = new NpgsqlConnectionStringBuilder(existing.ConnectionString) { Database = $"files_{Guid.NewGuid():N}" };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // Without the lock, two of these would race to create the database and its tables and one would fail.
        var names = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = Context(fresh.ConnectionString);
            return await db.Database.MigrateExclusivelyAsync(LockKey, deadline.Token);
        }));

        Assert.All(names, name => Assert.Equal(fresh.Database, name));
        await using var check = Context(fresh.ConnectionString);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync(deadline.Token));
        var applied = (await check.Database.GetAppliedMigrationsAsync(deadline.Token)).ToList();
        Assert.Equal(check.Database.GetMigrations(), applied);
    }

    private static FilesDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<FilesDbContext>().UseNpgsql(connectionString).Options);
}
