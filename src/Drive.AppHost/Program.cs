using Drive.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddDrive();

builder.Build().Run();
