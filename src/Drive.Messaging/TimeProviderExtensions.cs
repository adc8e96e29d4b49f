namespace Drive.Messaging;

internal static class TimeProviderExtensions
{
    /// <summary>Waits <paramref name="delay"/>, or less when cancelled; never throws on cancellation.</summary>
    public static async Task SleepAsync(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller checks the token next.
        }
    }
}
