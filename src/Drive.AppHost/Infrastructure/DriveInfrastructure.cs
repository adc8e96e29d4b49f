namespace Drive.AppHost.Infrastructure;

/// <summary>
/// The servers Drive's services use, under the connection names every service reads: "authdb", "filesdb",
/// "redis", "rabbitmq" and "blobs".
/// </summary>
/// <param name="Postgres">The PostgreSQL server, which services wait for before they migrate their database.</param>
/// <param name="AuthDb">Drive.Auth's database.</param>
/// <param name="FilesDb">Drive.Files' database.</param>
/// <param name="Redis">Redis.</param>
/// <param name="RabbitMq">The RabbitMQ broker.</param>
/// <param name="Blobs">Blob storage (Azurite), whose blob endpoint the edge forwards thumbnail requests to.</param>
internal sealed record DriveInfrastructure(
    IResourceBuilder<IResource> Postgres,
    IResourceBuilder<IResourceWithConnectionString> AuthDb,
    IResourceBuilder<IResourceWithConnectionString> FilesDb,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> RabbitMq,
    IResourceBuilder<IAzuriteResource> Blobs);

/// <summary>Chooses containers or local processes and adds the four servers.</summary>
internal static class DriveInfrastructureExtensions
{
    /// <summary>
    /// Adds PostgreSQL, Redis, RabbitMQ and Azurite. A deployment manifest always gets the containers; a run gets
    /// them when <see cref="DriveSettings.Infrastructure"/> asks for them or, on auto, when a container runtime
    /// answers, and otherwise gets local processes keeping their data under the state folder.
    /// </summary>
    public static DriveInfrastructure AddDriveInfrastructure(
        this IDistributedApplicationBuilder builder, DriveSettings settings)
    {
        var useContainers = builder.ExecutionContext.IsPublishMode || settings.Infrastructure switch
        {
            InfrastructureMode.Containers => true,
            InfrastructureMode.Processes => false,
            _ => ContainerRuntime.IsHealthy(builder.Configuration),
        };

        if (useContainers)
        {
            var databases = builder.AddPostgresContainer();
            return new DriveInfrastructure(
                databases.Server, databases.AuthDb, databases.FilesDb,
                builder.AddRedisContainer(), builder.AddRabbitMqContainer(), builder.AddAzuriteContainer());
        }

        Directory.CreateDirectory(settings.StateDirectory);
        var local = builder.AddLocalPostgres(settings);
        return new DriveInfrastructure(
            local.Server, local.AuthDb, local.FilesDb,
            builder.AddLocalRedis(settings), builder.AddLocalRabbitMq(settings), builder.AddLocalAzurite(settings));
    }
}
