using Drive.Messaging.Rabbit;

namespace Drive.Tests.Messaging;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 2, 4)]
    [InlineData(3, 4, 8)]
    [InlineData(10, 30, 60)]
    public void Delay_doubles_per_failure_within_equal_jitter_bounds(int failures, double minSeconds, double maxSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), RetryDelay.Compute(failures, Base, Max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(maxSeconds), RetryDelay.Compute(failures, Base, Max, jitter: 1));
    }
}
