using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Drive.Files.Caching;

/// <summary>
/// Work to run once a database transaction has committed: a transaction that rolls back, or is dropped unfinished,
/// runs none of it. Registered as an EF Core interceptor on the files database context.
/// </summary>
public sealed class CommitHooks : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbTransaction, List<Func<Task>>> _pending = [];

    /// <summary>Runs <paramref name="action"/> after the context's current transaction commits, or now without one.</summary>
    public Task AfterCommitAsync(DatabaseFacade database, Func<Task> action)
    {
        if (database.CurrentTransaction is not { } transaction)
        {
            return action();
        }

        var actions = _pending.GetOrCreateValue(transaction.GetDbTransaction());
        lock (actions)
        {
            actions.Add(action);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        foreach (var action in Take(transaction))
        {
            await action();
        }
    }

    /// <inheritdoc />
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        foreach (var action in Take(transaction))
        {
            action().GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc />
    /// <remarks>A new transaction drops what an unfinished one on the same (reused) transaction object left.</remarks>
    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Take(result);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public override DbTransaction TransactionStarted(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Take(result);
        return result;
    }

    /// <inheritdoc />
    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Take(transaction);
        return Task.CompletedTask;
    }

    private List<Func<Task>> Take(DbTransaction transaction)
    {
        if (!_pending.TryGetValue(transaction, out var actions))
        {
            return [];
        }

        _pending.Remove(transaction);
        lock (actions)
        {
            return [.. actions];
        }
    }
}
