namespace Drive.Messaging.Rabbit;

/// <summary>Exponential backoff with "equal jitter": half the delay is fixed, the other half random.</summary>
internal static class RetryDelay
{
    /// <summary>The delay before try number <paramref name="failedAttempts"/> + 1.</summary>
    /// <param name="failedAttempts">Tries that already failed (1 or more).</param>
    /// <param name="baseDelay">Delay after the first failure, before jitter.</param>
    /// <param name="maxDelay">Upper bound, before jitter.</param>
    /// <param name="jitter">A sample in [0, 1).</param>
    public static TimeSpan Compute(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + ceiling / 2 * Math.Clamp(jitter, 0, 1));
    }
}
