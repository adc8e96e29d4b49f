using StackExchange.Redis;

namespace Drive.Gateway.RateLimits;

/// <summary>
/// Sliding-window counting shared by every gateway replica: one sorted set per partition in Redis holding the times
/// of the requests allowed in the last window. One script call per request removes the times that left the window,
/// counts the rest and adds this request's time when the count is under the limit, all atomically and on Redis's
/// own clock, so replicas with different clocks agree.
/// </summary>
internal sealed class RedisWindowCounter(IConnectionMultiplexer redis)
{
    private const string KeyPrefix = "drive:rate:";

    // KEYS[1]: the partition's sorted set. ARGV[1]: limit; ARGV[2]: window in microseconds; ARGV[3]: a member name
    // unique to this request. Returns allowed (0/1), requests counted in the window, microseconds until the oldest
    // counted request leaves it. Times are microseconds since the epoch, exact in a Lua number (below 2^53).
    private const string Script = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        local counted = redis.call('ZCARD', KEYS[1])
        local allowed = 0
        if counted < limit then
          redis.call('ZADD', KEYS[1], now, ARGV[3])
          counted = counted + 1
          allowed = 1
        end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        local reset = 0
        if oldest[2] then
          reset = tonumber(oldest[2]) + window - now
        end
        redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
        return { allowed, counted, reset }
        """;

    private static readonly string ReplicaTag = Guid.NewGuid().ToString("N")[..8];
    private long _requests;

    /// <summary>Whether the connection to Redis is up now.</summary>
    public bool IsConnected => redis.IsConnected;

    /// <summary>
    /// Counts one request of <paramref name="partition"/> against <paramref name="budget"/>. StackExchange.Redis
    /// takes no cancellation token; the connection's <c>AsyncTimeout</c> bounds the call, and the caller stops
    /// waiting at its own timeout.
    /// </summary>
    public async Task<RateLimitDecision> AcquireAsync(RateLimitPartition partition, RateLimitBudget budget)
    {
        var member = $"{ReplicaTag}:{Interlocked.Increment(ref _requests)}";
        var windowMicroseconds = (long)(budget.Window.TotalMilliseconds * 1000);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [new RedisKey($"{KeyPrefix}{Name(partition.Policy)}:{partition.Key}")],
            [budget.Limit, windowMicroseconds, member]))!;

        var counted = (int)(long)result[1];
        return new RateLimitDecision(
            (long)result[0] == 1,
            budget.Limit,
            Math.Max(0, budget.Limit - counted),
            TimeSpan.FromMicroseconds((long)result[2]),
            budget.Window);
    }

    private static string Name(RateLimitPolicy policy) => RateLimitHeaders.PolicyName(policy);
}
