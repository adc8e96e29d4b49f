namespace Drive.Gateway.RateLimits;

/// <summary>The answer to one request's claim on a budget.</summary>
/// <param name="Allowed">Whether the request may pass.</param>
/// <param name="Limit">The budget that was applied (a replica's share while counting alone).</param>
/// <param name="Remaining">Requests still allowed in the current window after this one.</param>
/// <param name="ResetAfter">Time until the oldest counted request leaves the window and one more is allowed.</param>
/// <param name="Window">The window's length.</param>
public readonly record struct RateLimitDecision(
    bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter, TimeSpan Window)
{
    /// <summary><see cref="ResetAfter"/> in whole seconds, rounded up.</summary>
    public int ResetSeconds => (int)Math.Ceiling(ResetAfter.TotalSeconds);

    /// <summary>The <c>Retry-After</c> of a refusal: whole seconds, at least one.</summary>
    public int RetryAfterSeconds => Math.Max(1, ResetSeconds);
}
