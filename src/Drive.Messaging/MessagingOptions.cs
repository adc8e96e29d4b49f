using System.ComponentModel.DataAnnotations;

namespace Drive.Messaging;

/// <summary>How consumers, the publisher and the outbox relay behave. Bound from the <c>Messaging</c> section.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Messaging";

    /// <summary>Unacknowledged messages the broker hands each consumer at once.</summary>
    [Range(1, 1000)]
    public ushort Prefetch { get; set; } = 8;

    /// <summary>Messages each consumer handles in parallel.</summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Tries of a message (the first included) before it goes to the dead-letter queue.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubled for each later one, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between two tries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a publish may wait for the broker's confirm.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox relay looks for unsent events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events the outbox relay sends per transaction.</summary>
    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How long published outbox rows are kept before they are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long an inbox row (an event a consumer handled) is kept. A copy of the event arriving later than this is
    /// handled again, so it must outlast every way a copy can arrive late: redelivery and retries take minutes
    /// (<see cref="RetryMaxDelay"/> times <see cref="MaxAttempts"/>), while a dead-lettered copy waits for an
    /// operator's replay, for which a week is allowed.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each replica deletes inbox rows older than <see cref="InboxRetention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InboxCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Inbox rows deleted per statement, so no delete holds many locks or a long transaction.</summary>
    [Range(1, 100_000)]
    public int InboxCleanupBatchSize { get; set; } = 1000;
}
