using Drive.Files.Errors;
using Drive.Files.Items;

namespace Drive.Files.Caching;

/// <summary>
/// The hot reads (an item, the root, a folder's first page, usage) served from the cache when it is usable, from
/// PostgreSQL otherwise, always with an entity tag. Keys start with the caller's id and every hit is checked against
/// it, so no entry can answer another user. Misses of one key on one replica run the database read once.
/// </summary>
public sealed partial class CachedReads(ItemService items, ILogger<CachedReads> logger, CacheStore? store = null)
{
    /// <summary>Any item of the owner, trashed or not.</summary>
    public Task<Result<Tagged<ItemResponse>>> GetItemAsync(Guid ownerId, Guid id, CancellationToken cancellationToken) =>
        ReadAsync(ownerId, $"item:{id:N}", async token =>
            (await items.GetAsync(ownerId, id, token)).Map(ItemResponse.From), _ => 1, cancellationToken);

    /// <summary>The owner's root folder, created on first use.</summary>
    public Task<Result<Tagged<ItemResponse>>> GetRootAsync(Guid ownerId, CancellationToken cancellationToken) =>
        ReadAsync(ownerId, "root", async token =>
            (Result<ItemResponse>)ItemResponse.From(await items.GetRootAsync(ownerId, token)), _ => 1, cancellationToken);

    /// <summary>A page of a live folder's children; only first pages with valid parameters are cached.</summary>
    public async Task<Result<Tagged<ItemPage>>> ListChildrenAsync(
        Guid ownerId, Guid folderId, int? pageSize, string? pageToken, string? orderBy,
        CancellationToken cancellationToken)
    {
        Task<Result<ItemPage>> LoadAsync(CancellationToken token) =>
            items.ListChildrenAsync(ownerId, folderId, pageSize, pageToken, orderBy, token);

        var query = ChildrenQuery.Parse(pageSize, null, orderBy);
        if (!string.IsNullOrEmpty(pageToken) || query.Error is not null)
        {
            return Tag(await LoadAsync(cancellationToken));
        }

        var (size, order, _) = query.Value;
        return await ReadAsync(ownerId, $"page:{folderId:N}:{order}:{size}", LoadAsync,
            page => Math.Max(1, page.Items.Count), cancellationToken);
    }

    /// <summary>The owner's used bytes and quota.</summary>
    public async Task<Tagged<UsageResponse>> GetUsageAsync(Guid ownerId, CancellationToken cancellationToken) =>
        (await ReadAsync(ownerId, "usage", async token =>
            (Result<UsageResponse>)await items.GetUsageAsync(ownerId, token), _ => 1, cancellationToken)).Value!;

    /// <summary>
    /// 1. Ask Redis for the owner's version; without one the cache is not usable now: read PostgreSQL.
    /// 2. Get or fill the entry under (owner, version, what); concurrent misses of that key share one load.
    /// 3. Check the entry was read for this owner before answering with it.
    /// </summary>
    private async Task<Result<Tagged<T>>> ReadAsync<T>(
        Guid ownerId, string what, Func<CancellationToken, Task<Result<T>>> loadAsync, Func<T, int> size,
        CancellationToken cancellationToken)
    {
        // 1.
        var version = store is null ? null : await store.VersionOfAsync(ownerId);
        if (store is null || version is null)
        {
            return Tag(await loadAsync(cancellationToken));
        }

        // 2.
        var entry = await store.Cache.GetOrSetAsync<CachedRead<T>>($"{ownerId:N}:{version}:{what}",
            async (context, token) =>
            {
                var loaded = CachedRead<T>.From(ownerId, await loadAsync(token));
                context.Options.Size = loaded.Value is { } value ? size(value) : 1;
                return loaded;
            },
            token: cancellationToken);

        // 3.
        if (entry.OwnerId != ownerId)
        {
            LogForeignEntry(logger, what, ownerId);
            return Tag(await loadAsync(cancellationToken));
        }

        return entry.ToResult();
    }

    private static Result<Tagged<T>> Tag<T>(Result<T> result) =>
        result.Map(value => new Tagged<T>(value, ETags.For(value)));

    [LoggerMessage(EventId = 1605, Level = LogLevel.Error,
        Message = "A cached {What} was read for another owner than {OwnerId}; it was not used")]
    private static partial void LogForeignEntry(ILogger logger, string what, Guid ownerId);
}
