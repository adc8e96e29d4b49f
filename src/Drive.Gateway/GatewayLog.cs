namespace Drive.Gateway;

/// <summary>Drive.Gateway's log messages; event ids 1100-1199 belong here.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1110, LogLevel.Warning, "Service {Service} could not be reached for {Path}")]
    public static partial void BackendUnreachable(ILogger logger, string service, string path, Exception exception);

    [LoggerMessage(1111, LogLevel.Information, "Service {Service} answered {Status} for {Path}")]
    public static partial void BackendRefused(ILogger logger, string service, string path, int status);
}
