using Drive.AppHost;
using Drive.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

try
{
    builder.AddDrive();
}
catch (DriveSettingsException e)
{
    Console.Error.WriteLine($"Drive cannot start: {e.Message}");
    return 2;
}

builder.Build().Run();
return 0;
