using Drive.Contracts.Events;
using Drive.Files.Caching;
using Drive.Files.Data;
using Drive.Files.Errors;
using Drive.Files.Storage;
using Drive.Files.Thumbnails;
using Drive.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Drive.Files.Items;

/// <summary>Folders, renames, moves, the trash and usage, for one owner at a time.</summary>
public sealed partial class ItemService(
    FilesDbContext db,
    BlobStore blobs,
    ThumbnailRenditions renditions,
    CacheInvalidation cache,
    TimeProvider time,
    IOptions<FilesOptions> options,
    ILogger<ItemService> logger)
{
    /// <summary>The name shown for every user's root folder.</summary>
    public const string RootName = "My Drive";

    /// <summary>The caller's root folder, created on first use.</summary>
    public async Task<Item> GetRootAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var root = await FindRootAsync(ownerId, cancellationToken);
        if (root is not null)
        {
            return root;
        }

        var now = time.GetUtcNow();
        root = new Item { Id = Guid.CreateVersion7(), OwnerId = ownerId, Kind = ItemKind.Folder, Name = RootName,
            CreatedAt = now, ModifiedAt = now };
        db.Items.Add(root);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return root;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Another request created it first.
            db.Entry(root).State = EntityState.Detached;
            return await FindRootAsync(ownerId, cancellationToken)
                ?? throw new InvalidOperationException("The root folder vanished after a unique violation.");
        }
    }

    /// <summary>Any item of the owner that still exists, trashed or not.</summary>
    public async Task<Result<Item>> GetAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.OwnerId == ownerId, cancellationToken);
        return item is null ? NotFoundError.Item(id) : item;
    }

    /// <summary>
    /// An item of any owner, trashed or not, read and locked (<c>FOR UPDATE</c>) until the current transaction ends;
    /// null when there is none. Callers acting for a user check the owner themselves.
    /// </summary>
    internal static async Task<Item?> LockItemAsync(FilesDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var rows = await db.Items.FromSql($"""SELECT * FROM items WHERE "Id" = {id} FOR UPDATE""")
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>A live (not trashed) folder of the owner, or the root when <paramref name="id"/> is null.</summary>
    public async Task<Result<Item>> GetLiveFolderAsync(Guid ownerId, Guid? id, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return await GetRootAsync(ownerId, cancellationToken);
        }

        var folder = await db.Items.FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedAt == null, cancellationToken);
        return folder switch
        {
            null => NotFoundError.Item(id.Value),
            { Kind: not ItemKind.Folder } => new InvalidInputError($"Item {id} is a file, not a folder."),
            _ => folder,
        };
    }

    /// <summary>Whether a live item other than <paramref name="exceptId"/> already has the name in the folder.</summary>
    public Task<bool> IsNameTakenAsync(
        Guid ownerId, Guid parentId, string name, Guid? exceptId, CancellationToken cancellationToken) =>
        db.Items.AnyAsync(i => i.OwnerId == ownerId && i.ParentId == parentId && i.Name == name
            && i.TrashedAt == null && i.Id != exceptId, cancellationToken);

    /// <summary>Creates a folder.</summary>
    public async Task<Result<Item>> CreateFolderAsync(
        Guid ownerId, CreateFolderRequest request, CancellationToken cancellationToken)
    {
        var name = ItemNames.Check(request.Name);
        if (!name.IsValid)
        {
            return new InvalidInputError(name.Problem!);
        }

        // Under the owner's lock, so the parent cannot go to the trash between the check and the insert.
        await using var transaction = await BeginStructuralChangeAsync(ownerId, cancellationToken);
        var parent = await GetLiveFolderAsync(ownerId, request.ParentId, cancellationToken);
        if (parent.Error is not null)
        {
            return parent.Error;
        }

        var now = time.GetUtcNow();
        var folder = new Item { Id = Guid.CreateVersion7(), OwnerId = ownerId, Kind = ItemKind.Folder,
            Name = name.Name!, ParentId = parent.Value!.Id, CreatedAt = now, ModifiedAt = now };
        return await CommitIfSavedAsync(
            transaction, await SaveUniqueAsync(folder, name.Name!, () => db.Items.Add(folder), cancellationToken),
            cancellationToken);
    }

    /// <summary>One page of a live folder's live children.</summary>
    public async Task<Result<ItemPage>> ListChildrenAsync(
        Guid ownerId, Guid folderId, int? pageSize, string? pageToken, string? orderBy,
        CancellationToken cancellationToken)
    {
        var query = ChildrenQuery.Parse(pageSize, pageToken, orderBy);
        if (query.Error is not null)
        {
            return query.Error;
        }

        var folder = await GetLiveFolderAsync(ownerId, folderId, cancellationToken);
        if (folder.Error is not null)
        {
            return folder.Error;
        }

        var (size, order, after) = query.Value;
        var children = db.Items.AsNoTracking().Where(i => i.ParentId == folderId && i.TrashedAt == null);
        var rows = await ChildrenQuery.Apply(children, order, after).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? ChildrenQuery.Encode(order, rows[size - 1]) : null;
        return new ItemPage([.. rows.Take(size).Select(ItemResponse.From)], next);
    }

    /// <summary>Renames and/or moves a live item.</summary>
    public async Task<Result<Item>> UpdateAsync(
        Guid ownerId, Guid id, UpdateItemRequest request, CancellationToken cancellationToken)
    {
        // Under the owner's lock, so two crossing moves (a into b, b into a) cannot both pass the cycle check.
        await using var transaction = await BeginStructuralChangeAsync(ownerId, cancellationToken);
        var item = await db.Items.FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedAt == null, cancellationToken);
        if (item is null)
        {
            return NotFoundError.Item(id);
        }

        if (item.ParentId is null)
        {
            return new StateConflictError("The root folder cannot be renamed or moved.");
        }

        var name = request.Name is null ? new NameCheck(item.Name, null) : ItemNames.Check(request.Name);
        if (!name.IsValid)
        {
            return new InvalidInputError(name.Problem!);
        }

        var target = request.ParentId ?? item.ParentId.Value;
        if (target != item.ParentId && await CheckMoveTargetAsync(ownerId, item, target, cancellationToken) is { } error)
        {
            return error;
        }

        item.Name = name.Name!;
        item.ParentId = target;
        item.ModifiedAt = time.GetUtcNow();
        return await CommitIfSavedAsync(
            transaction, await SaveUniqueAsync(item, item.Name, () => { }, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Begins a transaction holding the owner's advisory lock until it ends. Every change to the shape of an owner's
    /// tree (create, move, trash, restore, purge, a completed upload) takes it, so each sees the others' results.
    /// </summary>
    internal async Task<IDbContextTransaction> BeginStructuralChangeAsync(
        Guid ownerId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockOwnerAsync(ownerId, cancellationToken);
        return transaction;
    }

    /// <summary>
    /// Takes the owner's structural-change lock inside the current transaction, until it ends, and retires the
    /// owner's cached entries once that transaction commits: every change to an owner's tree passes here.
    /// </summary>
    internal async Task LockOwnerAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var bytes = ownerId.ToByteArray();
        var key = BitConverter.ToInt64(bytes, 0) ^ BitConverter.ToInt64(bytes, 8);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        await cache.OwnerChangedAsync(ownerId);
    }

    private static async Task<Result<Item>> CommitIfSavedAsync(
        IDbContextTransaction transaction, Result<Item> saved,
        CancellationToken cancellationToken)
    {
        if (saved.Error is null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    private async Task<FilesError?> CheckMoveTargetAsync(
        Guid ownerId, Item item, Guid targetId, CancellationToken cancellationToken)
    {
        var target = await GetLiveFolderAsync(ownerId, targetId, cancellationToken);
        if (target.Error is not null)
        {
            return target.Error;
        }

        var ancestors = await db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE up AS (
                SELECT "Id", "ParentId" FROM items WHERE "Id" = {targetId}
                UNION
                SELECT i."Id", i."ParentId" FROM items i JOIN up ON i."Id" = up."ParentId")
            SELECT "Id" AS "Value" FROM up
            """).ToListAsync(cancellationToken);
        return ancestors.Contains(item.Id)
            ? new StateConflictError($"\"{item.Name}\" cannot be moved into itself or one of its own subfolders.")
            : null;
    }

    /// <summary>Moves a live item, with everything under it, to the trash. Trashing a trashed item does nothing.</summary>
    public async Task<FilesError?> TrashAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginStructuralChangeAsync(ownerId, cancellationToken);
        var item = await db.Items.AsNoTracking()
            .FirstOrDefaultAsync(i => i.Id == id && i.OwnerId == ownerId, cancellationToken);
        if (item is null)
        {
            return NotFoundError.Item(id);
        }

        if (item.ParentId is null)
        {
            return new StateConflictError("The root folder cannot be trashed.");
        }

        if (item.TrashedAt is not null)
        {
            return null;
        }

        var subtree = await GetSubtreeAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        await db.Items.Where(i => subtree.Contains(i.Id) && i.TrashedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.TrashedAt, now).SetProperty(i => i.TrashedWith, id),
                cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The owner's trash: the items trashed themselves, newest first (at most 1,000).</summary>
    public async Task<ItemPage> ListTrashAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var items = await db.Items.AsNoTracking()
            .Where(i => i.OwnerId == ownerId && i.TrashedWith == i.Id)
            .OrderByDescending(i => i.TrashedAt).ThenBy(i => i.Id)
            .Take(ChildrenQuery.MaxPageSize)
            .ToListAsync(cancellationToken);
        return new ItemPage([.. items.Select(ItemResponse.From)], null);
    }

    /// <summary>
    /// Puts a trashed item, and what was trashed with it, back in its folder, or in the root when that folder is
    /// trashed or gone.
    /// </summary>
    public async Task<Result<Item>> RestoreAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        var root = await GetRootAsync(ownerId, cancellationToken);
        await using var transaction = await BeginStructuralChangeAsync(ownerId, cancellationToken);
        var item = await db.Items.FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedWith == i.Id, cancellationToken);
        if (item is null)
        {
            return new NotFoundError($"No item with id {id} is in the trash.");
        }

        var parentIsLive = await db.Items.AnyAsync(i => i.Id == item.ParentId && i.TrashedAt == null, cancellationToken);
        var parentId = parentIsLive ? item.ParentId!.Value : root.Id;
        if (await IsNameTakenAsync(ownerId, parentId, item.Name, item.Id, cancellationToken))
        {
            return new NameTakenError(item.Name);
        }

        item.ParentId = parentId;
        item.ModifiedAt = time.GetUtcNow();
        var saved = await SaveUniqueAsync(item, item.Name, () => { }, cancellationToken);
        if (saved.Error is not null)
        {
            return saved.Error;
        }

        await db.Items.Where(i => i.TrashedWith == id)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.TrashedAt, (DateTimeOffset?)null)
                .SetProperty(i => i.TrashedWith, (Guid?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await db.Entry(item).ReloadAsync(cancellationToken);
        return item;
    }

    /// <summary>Deletes a trashed item and everything under it for good, with their blobs.</summary>
    public async Task<FilesError?> PurgeAsync(Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        // 1. Rows and FilePurged events in one transaction, under the owner's lock.
        var purged = await DeleteRowsAsync(ownerId, id, cancellationToken);
        if (purged.Error is not null)
        {
            return purged.Error;
        }

        // 2. Blobs afterwards: a blob left behind costs space, a row pointing at no blob would break downloads.
        var (itemCount, files) = purged.Value;
        foreach (var file in files)
        {
            await DeleteBlobsAsync(file.Id, file.BlobName, cancellationToken);
        }

        LogPurged(logger, id, itemCount, files.Count);
        return null;
    }

    private async Task<Result<(int ItemCount, List<PurgedFile> Files)>> DeleteRowsAsync(
        Guid ownerId, Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginStructuralChangeAsync(ownerId, cancellationToken);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(
            i => i.Id == id && i.OwnerId == ownerId && i.TrashedAt != null, cancellationToken);
        if (item is null)
        {
            return new NotFoundError($"No item with id {id} is in the trash.");
        }

        var subtree = await GetSubtreeAsync(id, cancellationToken);
        var files = await db.Items.AsNoTracking()
            .Where(i => subtree.Contains(i.Id) && i.Kind == ItemKind.File)
            .Select(i => new PurgedFile(i.Id, i.BlobName))
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        foreach (var file in files)
        {
            db.AddEvent(new FilePurged(Guid.CreateVersion7(), now, file.Id, ownerId));
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Items.Where(i => subtree.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (subtree.Count, files);
    }

    private sealed record PurgedFile(Guid Id, string? BlobName);

    /// <summary>Bytes used by the owner (files not yet purged, trashed ones included) and the quota.</summary>
    public async Task<UsageResponse> GetUsageAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var used = await db.Items.Where(i => i.OwnerId == ownerId && i.Kind == ItemKind.File)
            .SumAsync(i => i.Size, cancellationToken);
        return new UsageResponse(used, options.Value.QuotaBytes);
    }

    /// <summary>
    /// Deletes a purged file's content and the renditions of every version of it (Drive.Thumbnails deletes them too
    /// when its FilePurged arrives, and again catches any written later). Earlier versions' content went when they were
    /// replaced.
    /// </summary>
    private async Task DeleteBlobsAsync(Guid fileId, string? blobName, CancellationToken cancellationToken)
    {
        try
        {
            if (blobName is not null)
            {
                await blobs.DeleteIfExistsAsync(BlobStore.FilesContainer, blobName, cancellationToken);
            }

            await renditions.DeleteAllButAsync(fileId, null, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            LogBlobDeleteFailed(logger, ex, fileId);
        }
    }

    private Task<List<Guid>> GetSubtreeAsync(Guid id, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<Guid>($"""
            WITH RECURSIVE tree AS (
                SELECT "Id" FROM items WHERE "Id" = {id}
                UNION
                SELECT i."Id" FROM items i JOIN tree t ON i."ParentId" = t."Id")
            SELECT "Id" AS "Value" FROM tree
            """).ToListAsync(cancellationToken);

    private async Task<Result<Item>> SaveUniqueAsync(
        Item item, string name, Action stage, CancellationToken cancellationToken)
    {
        stage();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return item;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return new NameTakenError(name);
        }
    }

    private Task<Item?> FindRootAsync(Guid ownerId, CancellationToken cancellationToken) =>
        db.Items.FirstOrDefaultAsync(i => i.OwnerId == ownerId && i.ParentId == null, cancellationToken);

    /// <summary>Whether the database refused a row for breaking a unique index (a name taken meanwhile).</summary>
    internal static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Purged item {ItemId}: {ItemCount} items, {FileCount} files")]
    private static partial void LogPurged(ILogger logger, Guid itemId, int itemCount, int fileCount);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Could not delete the blobs of purged file {FileId}")]
    private static partial void LogBlobDeleteFailed(ILogger logger, Exception exception, Guid fileId);
}
