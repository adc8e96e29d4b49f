using System.Collections.Concurrent;

namespace Drive.Gateway.RateLimits;

/// <summary>
/// The same sliding window as <see cref="RedisWindowCounter"/>, kept in this replica's memory: used only while Redis
/// cannot be reached. Once per <paramref name="longestWindow"/>, partitions with no request in that time are dropped.
/// </summary>
internal sealed class LocalWindowCounter(TimeProvider time, TimeSpan longestWindow)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new();
    private long _nextSweep;

    /// <summary>Counts one request of <paramref name="partition"/> against <paramref name="budget"/>.</summary>
    public RateLimitDecision Acquire(RateLimitPartition partition, RateLimitBudget budget)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);

        var length = Ticks(budget.Window);
        var window = _windows.GetOrAdd($"{partition.Policy}:{partition.Key}", _ => new Window());
        lock (window)
        {
            var times = window.Times;
            while (times.TryPeek(out var oldest) && oldest <= now - length)
            {
                times.Dequeue();
            }

            var allowed = times.Count < budget.Limit;
            if (allowed)
            {
                times.Enqueue(now);
                window.Newest = now;
            }

            var reset = times.TryPeek(out var first) ? time.GetElapsedTime(now, first + length) : TimeSpan.Zero;
            return new RateLimitDecision(
                allowed, budget.Limit, Math.Max(0, budget.Limit - times.Count), reset, budget.Window);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    // A request racing the sweep for a partition idle a whole window may go uncounted: one extra request, once.
    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        var idle = Ticks(longestWindow);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + idle, due) != due)
        {
            return;
        }

        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                if (window.Newest <= now - idle)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Window
    {
        public Queue<long> Times { get; } = new();

        public long Newest { get; set; }
    }
}
