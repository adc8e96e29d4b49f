namespace Drive.Gateway;

/// <summary>Drive.Gateway's log messages; event ids 1100-1199 belong here.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1110, LogLevel.Warning, "Service {Service} could not be reached for {Path}")]
    public static partial void BackendUnreachable(ILogger logger, string service, string path, Exception exception);

    [LoggerMessage(1111, LogLevel.Information, "Service {Service} answered {Status} for {Path}")]
    public static partial void BackendRefused(ILogger logger, string service, string path, int status);

    [LoggerMessage(1120, LogLevel.Warning,
        "Rate limits are counted by this replica alone, at 1/{Replicas} of each budget: {Reason}")]
    public static partial void RateLimitsCountedAlone(ILogger logger, string reason, int replicas);

    [LoggerMessage(1121, LogLevel.Information, "Rate limits are shared through Redis again after {Duration}")]
    public static partial void RateLimitsSharedAgain(ILogger logger, TimeSpan duration);

    [LoggerMessage(1122, LogLevel.Debug, "{Method} refused: over its {Policy} budget")]
    public static partial void RequestLimited(ILogger logger, string policy, string method);
}
