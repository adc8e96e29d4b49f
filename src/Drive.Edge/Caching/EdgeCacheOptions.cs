using System.ComponentModel.DataAnnotations;

namespace Drive.Edge.Caching;

/// <summary>The edge cache's limits (configuration section <c>Drive:Edge:Cache</c>).</summary>
public sealed record EdgeCacheOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Drive:Edge:Cache";

    /// <summary>The most the cache holds in memory; the least recently used entries go first. Default 256 MiB.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long SizeLimitBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Larger answers pass through unkept. Default 8 MiB, well above a thumbnail or a script bundle.</summary>
    [Range(1024, int.MaxValue)]
    public long MaximumBodyBytes { get; init; } = 8L * 1024 * 1024;
}
