using Microsoft.Extensions.Logging;

namespace Drive.Messaging;

/// <summary>Every log message of Drive.Messaging, with its stable event id (1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Consumer {Queue} is consuming (prefetch {Prefetch}, concurrency {Concurrency})")]
    public static partial void ConsumerStarted(ILogger logger, string queue, ushort prefetch, int concurrency);

    [LoggerMessage(1001, LogLevel.Warning, "Consumer {Queue} cannot reach the broker; next try in {Delay}")]
    public static partial void ConsumerConnectFailed(ILogger logger, Exception exception, string queue, TimeSpan delay);

    [LoggerMessage(1002, LogLevel.Warning, "Consumer {Queue} lost its channel while the connection is open; reopening")]
    public static partial void ConsumerChannelLost(ILogger logger, string queue);

    [LoggerMessage(1003, LogLevel.Warning,
        "Handling event {EventId} from {Queue} failed (try {Attempt} of {MaxAttempts}); retry in {Delay}")]
    public static partial void HandlerFailedWillRetry(ILogger logger, Exception exception, string eventId, string queue,
        int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(1004, LogLevel.Error, "Handling event {EventId} from {Queue} failed for good; moved to {DeadQueue}")]
    public static partial void HandlerFailedDeadLettered(ILogger logger, Exception exception, string eventId,
        string queue, string deadQueue);

    [LoggerMessage(1005, LogLevel.Error, "Message {MessageId} in {Queue} is not a readable event; moved to {DeadQueue}")]
    public static partial void MessageUnreadable(ILogger logger, Exception exception, string messageId, string queue,
        string deadQueue);

    [LoggerMessage(1006, LogLevel.Warning,
        "Could not route failed message {MessageId} from {Queue} to retry or dead-letter; it stays unacknowledged")]
    public static partial void RerouteFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(1007, LogLevel.Information, "Event {EventId} was already handled by {Queue}; acknowledged unhandled")]
    public static partial void DuplicateSkipped(ILogger logger, Guid eventId, string queue);

    [LoggerMessage(1010, LogLevel.Debug, "Outbox relay published {Count} events")]
    public static partial void OutboxPublished(ILogger logger, int count);

    [LoggerMessage(1011, LogLevel.Warning, "Outbox relay could not publish event {EventId} ({EventName}, try {Attempts})")]
    public static partial void OutboxPublishRefused(ILogger logger, Exception exception, Guid eventId, string eventName,
        int attempts);

    [LoggerMessage(1012, LogLevel.Warning, "Outbox relay failed; next try in {Delay}")]
    public static partial void OutboxRelayFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(1013, LogLevel.Information, "Outbox relay deleted {Count} published events older than {Cutoff}")]
    public static partial void OutboxPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(1020, LogLevel.Information, "Inbox cleaner deleted {Count} handled events older than {Cutoff}")]
    public static partial void InboxPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(1021, LogLevel.Warning, "Inbox cleaner failed; it tries again at its next interval")]
    public static partial void InboxCleanupFailed(ILogger logger, Exception exception);
}
