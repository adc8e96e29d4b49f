using System.ComponentModel.DataAnnotations;

namespace Drive.Files.Caching;

/// <summary>The metadata cache (configuration section <c>Drive:Cache</c>, environment <c>Drive__Cache__…</c>).</summary>
public sealed record CacheOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Drive:Cache";

    /// <summary>Whether item metadata, first pages and usage are cached; false reads PostgreSQL every time.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long an entry lives in Redis, the second level shared by every replica.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an entry lives in a replica's memory, the first level; at most <see cref="Duration"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MemoryDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a Redis command may take before the read or write goes on without the cache.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a Redis failure, how long this replica leaves the cache alone before trying it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most items a replica keeps in memory (a cached item counts 1, a cached page its item count).</summary>
    [Range(100, 100_000_000)]
    public long MemoryItemLimit { get; init; } = 200_000;
}
