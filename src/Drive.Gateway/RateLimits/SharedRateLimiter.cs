using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Drive.Gateway.RateLimits;

/// <summary>
/// Counts each request in Redis, shared by every gateway replica, and falls back to this replica's own count (its
/// share of each budget) whenever Redis is not connected, fails or answers slower than
/// <see cref="RateLimitOptions.RedisTimeout"/>. Never unlimited, never refusing for want of Redis; after a failure
/// Redis is tried again every <see cref="RateLimitOptions.RedisRetryInterval"/>.
/// </summary>
internal sealed class SharedRateLimiter(
    RedisWindowCounter redis,
    LocalWindowCounter local,
    IOptions<RateLimitOptions> options,
    TimeProvider time,
    ILogger<SharedRateLimiter> logger)
{
    private readonly RateLimitOptions _options = options.Value;
    private long _retryRedisAt;
    private long _aloneSinceUtcTicks;

    /// <summary>
    /// When this replica started counting alone (noting it now when Redis is not connected, even before any request
    /// came), or null while the counts are shared through Redis.
    /// </summary>
    public DateTimeOffset? CountingAloneSince()
    {
        if (!redis.IsConnected)
        {
            StartCountingAlone("Redis is not connected");
        }

        return Interlocked.Read(ref _aloneSinceUtcTicks) is var ticks and not 0 && !Shared()
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    /// <summary>How many replicas share each budget while counting alone.</summary>
    public int Replicas => _options.Replicas;

    /// <summary>Counts one request of <paramref name="partition"/> and says whether it may pass.</summary>
    public async ValueTask<RateLimitDecision> AcquireAsync(
        RateLimitPartition partition, CancellationToken cancellationToken)
    {
        var budget = _options.BudgetOf(partition.Policy);
        if (!redis.IsConnected)
        {
            StartCountingAlone("Redis is not connected");
            return local.Acquire(partition, budget.ShareOf(_options.Replicas));
        }

        if (time.GetTimestamp() < Interlocked.Read(ref _retryRedisAt))
        {
            return local.Acquire(partition, budget.ShareOf(_options.Replicas));
        }

        try
        {
            var decision = await redis.AcquireAsync(partition, budget).WaitAsync(_options.RedisTimeout, time, cancellationToken);
            StopCountingAlone();
            return decision;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Interlocked.Exchange(
                ref _retryRedisAt,
                time.GetTimestamp() + (long)(_options.RedisRetryInterval.TotalSeconds * time.TimestampFrequency));
            StartCountingAlone(e.Message);
            return local.Acquire(partition, budget.ShareOf(_options.Replicas));
        }
    }

    private bool Shared() => redis.IsConnected && time.GetTimestamp() >= Interlocked.Read(ref _retryRedisAt);

    private void StartCountingAlone(string reason)
    {
        if (Interlocked.CompareExchange(ref _aloneSinceUtcTicks, time.GetUtcNow().UtcTicks, 0) == 0)
        {
            GatewayLog.RateLimitsCountedAlone(logger, reason, _options.Replicas);
        }
    }

    private void StopCountingAlone()
    {
        if (Interlocked.Read(ref _aloneSinceUtcTicks) != 0
            && Interlocked.Exchange(ref _aloneSinceUtcTicks, 0) is var since and not 0)
        {
            GatewayLog.RateLimitsSharedAgain(logger, time.GetUtcNow() - new DateTimeOffset(since, TimeSpan.Zero));
        }
    }
}
