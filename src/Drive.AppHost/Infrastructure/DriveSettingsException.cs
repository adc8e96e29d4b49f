namespace Drive.AppHost.Infrastructure;

/// <summary>A setting of the "Drive" section that cannot be used; the message says what to set instead.</summary>
internal sealed class DriveSettingsException(string message) : Exception(message);
