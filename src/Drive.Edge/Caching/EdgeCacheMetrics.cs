using System.Diagnostics.Metrics;

namespace Drive.Edge.Caching;

/// <summary>
/// The edge cache's counters (meter <c>Drive.Edge</c>): <c>drive.edge.cache.requests</c>, one per request to a
/// cached route, tagged <c>result</c> = <c>hit</c> (answered from the cache) or <c>miss</c> (forwarded to the origin)
/// and <c>route</c>. Their hit ratio is hits / (hits + misses).
/// </summary>
public sealed class EdgeCacheMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "Drive.Edge";

    private readonly Counter<long> _requests;

    /// <summary>Creates the counters on a meter from <paramref name="meters"/>.</summary>
    public EdgeCacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "drive.edge.cache.requests", "{request}", "Requests to cached routes, by result (hit or miss).");
    }

    /// <summary>Counts one request to <paramref name="route"/> answered from the cache or forwarded.</summary>
    public void Count(string route, bool hit) =>
        _requests.Add(1,
            new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"),
            new KeyValuePair<string, object?>("route", route));
}
