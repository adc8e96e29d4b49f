using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Drive.Files.Caching;

/// <summary>
/// The two cache levels (FusionCache: this replica's memory, then Redis) and the versions that keep them honest.
/// Every key carries a version read from Redis on every read: the cache's epoch and the owner's generation. A change
/// increments the owner's generation after its transaction commits, so the next read from any replica looks up new
/// keys and never meets an entry written before the change; entries are never updated in place, so no replica has
/// anything to evict. When this replica cannot reach Redis it reads PostgreSQL instead; it may have missed
/// increments meanwhile, so before it uses the cache again it starts a new epoch, which retires every entry.
/// </summary>
public sealed partial class CacheStore : IDisposable
{
    private const string KeyPrefix = "drive:files:cache:";
    private const string EpochKey = KeyPrefix + "epoch";
    private static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(7);

    private readonly IConnectionMultiplexer _redis;
    private readonly MemoryCache _memory;
    private readonly TimeProvider _time;
    private readonly CacheOptions _options;
    private readonly ILogger<CacheStore> _logger;
    private readonly SemaphoreSlim _newEpoch = new(1, 1);
    private long _brokenUntil;
    private volatile bool _needsNewEpoch;
    private volatile string _state = "Redis not reached yet";

    /// <summary>Sets up both levels on <paramref name="redis"/> and watches its connection.</summary>
    public CacheStore(
        IConnectionMultiplexer redis, IOptions<CacheOptions> options, TimeProvider time, ILogger<CacheStore> logger,
        ILogger<FusionCache> cacheLogger)
    {
        _redis = redis;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MemoryItemLimit });
        Cache = CreateCache(redis, _memory, _options, cacheLogger);
        _redis.ConnectionFailed += (_, e) => OnConnectionFailed(e.Exception);
        _redis.ConnectionRestored += (_, _) => LogConnectionRestored(_logger);
        _needsNewEpoch = !_redis.IsConnected;
    }

    /// <summary>The two-level cache itself.</summary>
    public IFusionCache Cache { get; }

    /// <summary>Whether this replica may read and fill the cache now.</summary>
    public bool IsUsable => _redis.IsConnected && !_needsNewEpoch && _time.GetTimestamp() >= Interlocked.Read(ref _brokenUntil);

    /// <summary>What the cache is doing, for the health check.</summary>
    public string State => IsUsable ? "Redis reachable; reads are cached" : _state;

    /// <summary>
    /// The version the owner's keys carry now ("epoch.generation"), or null when the cache must not be used for this
    /// read (Redis unreachable, slow or in recovery).
    /// </summary>
    public async Task<string?> VersionOfAsync(Guid ownerId)
    {
        if (!IsUsable)
        {
            return null;
        }

        try
        {
            var values = await _redis.GetDatabase().StringGetAsync([EpochKey, GenerationKey(ownerId)]);
            if (values[0].IsNull)
            {
                // A new or emptied Redis: every replica's first reader proposes an epoch, the first one wins.
                await _redis.GetDatabase().StringSetAsync(EpochKey, NewEpoch(), when: When.NotExists);
                return null;
            }

            return $"{values[0]}.{(values[1].IsNull ? "0" : values[1].ToString())}";
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Break(e, missedChange: false);
            return null;
        }
    }

    /// <summary>
    /// Retires every cached entry of the owner on every replica: their keys carry the old generation. When Redis
    /// cannot take it, this replica will start a new epoch before it uses the cache again.
    /// </summary>
    public async Task OwnerChangedAsync(Guid ownerId)
    {
        if (!_redis.IsConnected)
        {
            _needsNewEpoch = true;
            return;
        }

        try
        {
            var database = _redis.GetDatabase();
            var key = GenerationKey(ownerId);
            await Task.WhenAll(database.StringIncrementAsync(key), database.KeyExpireAsync(key, GenerationLifetime));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Break(e, missedChange: true);
        }
    }

    /// <summary>
    /// After a failure, once Redis answers again and the break is over: starts a new epoch and empties this
    /// replica's memory level, then lets reads use the cache again. Returns whether the cache is usable.
    /// </summary>
    public async Task<bool> RecoverAsync()
    {
        if (!_needsNewEpoch || !_redis.IsConnected || _time.GetTimestamp() < Interlocked.Read(ref _brokenUntil))
        {
            return IsUsable;
        }

        if (!await _newEpoch.WaitAsync(0))
        {
            return false;
        }

        try
        {
            await _redis.GetDatabase().StringSetAsync(EpochKey, NewEpoch());
            _memory.Clear();
            _needsNewEpoch = false;
            LogNewEpoch(_logger);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Break(e, missedChange: true);
            return false;
        }
        finally
        {
            _newEpoch.Release();
        }
    }

    private void OnConnectionFailed(Exception? exception)
    {
        _needsNewEpoch = true;
        _state = "Redis unreachable; reads go to PostgreSQL";
        _memory.Clear();
        LogConnectionFailed(_logger, exception);
    }

    private void Break(Exception exception, bool missedChange)
    {
        if (missedChange)
        {
            _needsNewEpoch = true;
        }

        _state = $"Redis failed ({exception.GetType().Name}); reads go to PostgreSQL";
        Interlocked.Exchange(ref _brokenUntil, _time.GetTimestamp()
            + (long)(_options.BreakDuration.TotalSeconds * _time.TimestampFrequency));
        LogBroken(_logger, exception, _options.BreakDuration, missedChange);
    }

    /// <summary>
    /// FusionCache over this replica's memory and Redis. No fail-safe (a stale entry is never better than PostgreSQL)
    /// and no auto-recovery or backplane: versioned keys make both unnecessary. Redis writes go on in the background;
    /// a Redis read that takes longer than <see cref="CacheOptions.RedisTimeout"/> counts as a miss.
    /// </summary>
    private static FusionCache CreateCache(
        IConnectionMultiplexer redis, MemoryCache memory, CacheOptions options, ILogger<FusionCache> logger)
    {
        var fusion = new FusionCacheOptions
        {
            CacheName = "metadata",
            CacheKeyPrefix = KeyPrefix,
            DistributedCacheCircuitBreakerDuration = options.BreakDuration,
            EnableAutoRecovery = false,
            DefaultEntryOptions = new FusionCacheEntryOptions
            {
                Duration = options.Duration,
                MemoryCacheDuration = options.MemoryDuration < options.Duration ? options.MemoryDuration : options.Duration,
                DistributedCacheHardTimeout = options.RedisTimeout,
                AllowBackgroundDistributedCacheOperations = true,
                IsFailSafeEnabled = false,
                Size = 1,
            },
        };
        var cache = new FusionCache(Options.Create(fusion), memory, logger);
        cache.SetupDistributedCache(
            new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }),
            new FusionCacheSystemTextJsonSerializer());
        return cache;
    }

    private static string GenerationKey(Guid ownerId) => $"{KeyPrefix}gen:{ownerId:N}";

    private static string NewEpoch() => Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public void Dispose()
    {
        Cache.Dispose();
        _memory.Dispose();
        _newEpoch.Dispose();
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning,
        Message = "Redis connection failed; the metadata cache is off on this replica until a new epoch starts")]
    private static partial void LogConnectionFailed(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Redis connection restored")]
    private static partial void LogConnectionRestored(ILogger logger);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning,
        Message = "Redis failed; the metadata cache is off on this replica for {Duration} (missed a change: {MissedChange})")]
    private static partial void LogBroken(ILogger logger, Exception exception, TimeSpan duration, bool missedChange);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information,
        Message = "Metadata cache back on: a new epoch retired every entry written before")]
    private static partial void LogNewEpoch(ILogger logger);
}
