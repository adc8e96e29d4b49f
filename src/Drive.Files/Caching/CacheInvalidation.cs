using Drive.Files.Data;

namespace Drive.Files.Caching;

/// <summary>
/// The one call every change to an owner's items makes (create, rename, move, trash, restore, purge, upload
/// completion, new content, thumbnail and hash results): the owner's cached entries retire on every replica once the
/// change's transaction has committed, before the request that made it answers. Called inside a transaction, it
/// waits for the commit, so a transaction that fails retires nothing; called outside one, it acts at once.
/// </summary>
public sealed class CacheInvalidation(FilesDbContext db, CommitHooks hooks, CacheStore? store = null)
{
    /// <summary>
    /// Retires every cached entry of <paramref name="ownerId"/> after the current transaction commits. Takes no
    /// cancellation token on purpose: once a change has committed, its invalidation must not be abandoned.
    /// </summary>
    public Task OwnerChangedAsync(Guid ownerId) =>
        store is null ? Task.CompletedTask : hooks.AfterCommitAsync(db.Database, () => store.OwnerChangedAsync(ownerId));
}
