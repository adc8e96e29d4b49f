namespace Drive.Auth;

/// <summary>Drive.Auth's log messages; event ids 1000-1099 belong here.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1000, LogLevel.Information, "Waiting for the migration lock of the accounts database")]
    public static partial void WaitingForMigrationLock(ILogger logger);

    [LoggerMessage(1001, LogLevel.Information, "Accounts database is up to date")]
    public static partial void DatabaseMigrated(ILogger logger);

    [LoggerMessage(1010, LogLevel.Information, "User {UserId} registered")]
    public static partial void UserRegistered(ILogger logger, Guid userId);

    [LoggerMessage(1011, LogLevel.Information, "Registration refused: the email address is already taken")]
    public static partial void EmailTaken(ILogger logger);

    [LoggerMessage(1020, LogLevel.Information, "User {UserId} signed in; token family {FamilyId} started")]
    public static partial void SignedIn(ILogger logger, Guid userId, Guid familyId);

    [LoggerMessage(1021, LogLevel.Information, "Sign-in refused: unknown account or wrong password")]
    public static partial void SignInRefused(ILogger logger);

    [LoggerMessage(1022, LogLevel.Information, "Password hash of user {UserId} upgraded to the current work factor")]
    public static partial void PasswordRehashed(ILogger logger, Guid userId);

    [LoggerMessage(1030, LogLevel.Debug, "Refresh token of family {FamilyId} rotated")]
    public static partial void TokenRotated(ILogger logger, Guid familyId);

    [LoggerMessage(1031, LogLevel.Information, "Refresh refused: {Reason}")]
    public static partial void RefreshRefused(ILogger logger, string reason);

    [LoggerMessage(1032, LogLevel.Warning,
        "A rotated refresh token of user {UserId} was presented again; token family {FamilyId} revoked")]
    public static partial void TokenReuseDetected(ILogger logger, Guid userId, Guid familyId);
}
