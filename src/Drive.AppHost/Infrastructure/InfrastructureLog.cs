using Microsoft.Extensions.Logging;

namespace Drive.AppHost.Infrastructure;

/// <summary>What the AppHost logs while preparing local servers; shown in each resource's console log.</summary>
internal static partial class InfrastructureLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Initialising a new PostgreSQL data folder in {DataDirectory}")]
    public static partial void InitialisingPostgres(this ILogger logger, string dataDirectory);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Allowed other users to traverse {Folder} so a server running as its own user can reach its data")]
    public static partial void AllowedTraversal(this ILogger logger, string folder);
}
