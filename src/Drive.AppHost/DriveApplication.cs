using Drive.AppHost.Infrastructure;

namespace Drive.AppHost;

/// <summary>Drive's resources: the four servers, the signing key and the five services.</summary>
internal static class DriveApplication
{
    /// <summary>Adds every resource and wires the references, health waits and the signing key between them.</summary>
    public static IDistributedApplicationBuilder AddDrive(this IDistributedApplicationBuilder builder)
    {
        var settings = DriveSettings.Read(builder);
        var servers = builder.AddDriveInfrastructure(settings);
        var signingKey = builder.AddJwtSigningKey(settings);

        var auth = builder.AddService<Projects.Drive_Auth>("auth", signingKey)
            .WithReference(servers.AuthDb).WaitFor(servers.Postgres);

        var files = builder.AddService<Projects.Drive_Files>("files", signingKey)
            .WithReference(servers.FilesDb).WaitFor(servers.Postgres)
            .WithReference(servers.Redis).WaitFor(servers.Redis)
            .WithReference(servers.RabbitMq).WaitFor(servers.RabbitMq)
            .WithReference(servers.Blobs).WaitFor(servers.Blobs);

        var thumbnails = builder.AddService<Projects.Drive_Thumbnails>("thumbnails", signingKey)
            .WithReference(servers.RabbitMq).WaitFor(servers.RabbitMq)
            .WithReference(servers.Blobs).WaitFor(servers.Blobs)
            .WithEnvironment("MALLOC_ARENA_MAX", "1");

        var web = builder.AddService<Projects.Drive_Web>("web", signingKey);

        builder.AddService<Projects.Drive_Gateway>("gateway", signingKey, settings.GatewayPort)
            .WithExternalHttpEndpoints()
            .WithReference(auth).WithReference(files).WithReference(web).WithReference(thumbnails)
            .WithReference(servers.Redis).WaitFor(servers.Redis);

        return builder;
    }

    /// <summary>
    /// One service: an HTTP endpoint (on <paramref name="port"/> when given, otherwise a free one), readiness from
    /// its /health, and the shared JWT signing key. Launch profiles are left out so the AppHost alone decides ports.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> signingKey,
        int? port = null)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: port, name: "http")
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Jwt__SigningKey", signingKey);

        return builder.ExecutionContext.IsRunMode
            ? service.WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            : service;
    }

    /// <summary>
    /// The HMAC key Drive.Auth signs access tokens with and every service checks them with. A run keeps it in the
    /// state folder so tokens stay valid across restarts; a deployment asks for it as a secret input.
    /// </summary>
    private static IResourceBuilder<ParameterResource> AddJwtSigningKey(
        this IDistributedApplicationBuilder builder, DriveSettings settings) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter("jwt-signing-key", secret: true)
            : builder.AddParameter(
                "jwt-signing-key",
                LocalProcess.GetOrCreateSecret(settings.StateDirectory, "jwt-signing-key"),
                secret: true);
}
