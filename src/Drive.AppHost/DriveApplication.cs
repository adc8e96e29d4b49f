using System.Globalization;
using Microsoft.Extensions.Configuration;
using Drive.AppHost.Infrastructure;

namespace Drive.AppHost;

/// <summary>Drive's resources: the four servers, the signing key, the five services and the edge.</summary>
internal static class DriveApplication
{
    /// <summary>The services that run as replicas, by their resource and service-discovery names.</summary>
    private static readonly string[] Services = ["gateway", "auth", "files", "thumbnails", "web"];

    /// <summary>
    /// Adds every resource and wires the references, health waits and the signing key between them. A local run puts
    /// an edge balancer and cache on the public port in front of the gateway replicas and of thumbnails in blob storage;
    /// a deployment exposes the gateway to the platform's ingress (and a CDN) instead.
    /// </summary>
    public static IDistributedApplicationBuilder AddDrive(this IDistributedApplicationBuilder builder)
    {
        var settings = DriveSettings.Read(builder, Services);
        var servers = builder.AddDriveInfrastructure(settings);
        var signingKey = builder.AddJwtSigningKey(settings);

        var auth = builder.AddService<Projects.Drive_Auth>("auth", settings, signingKey)
            .Configure(replica => replica.WithReference(servers.AuthDb).WaitFor(servers.Postgres));

        var files = builder.AddService<Projects.Drive_Files>("files", settings, signingKey)
            .Configure(replica => replica
                .WithReference(servers.FilesDb).WaitFor(servers.Postgres)
                .WithReference(servers.Redis).WaitFor(servers.Redis)
                .WithReference(servers.RabbitMq).WaitFor(servers.RabbitMq)
                .WithReference(servers.Blobs).WaitFor(servers.Blobs));
        if (builder.Configuration["Drive:Cache:Enabled"] is { Length: > 0 } cacheEnabled)
        {
            // The metadata cache's switch, handed on to the files replicas (the benchmark compares both settings).
            files.Configure(replica => replica.WithEnvironment("Drive__Cache__Enabled", cacheEnabled));
        }

        var thumbnails = builder.AddService<Projects.Drive_Thumbnails>("thumbnails", settings, signingKey)
            .Configure(replica => replica
                .WithReference(servers.RabbitMq).WaitFor(servers.RabbitMq)
                .WithReference(servers.Blobs).WaitFor(servers.Blobs)
                .WithEnvironment("MALLOC_ARENA_MAX", "1"));

        var web = builder.AddService<Projects.Drive_Web>("web", settings, signingKey);

        var gateway = builder.AddService<Projects.Drive_Gateway>("gateway", settings, signingKey)
            .Configure(replica => replica.WithReference(servers.Redis).WaitFor(servers.Redis));
        foreach (var backend in new[] { auth, files, thumbnails, web })
        {
            backend.AreCalledBy(gateway.All);
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            gateway.Configure(replica => replica.WithExternalHttpEndpoints());
            return builder;
        }

        gateway.Configure(replica => replica.WithLocalRateLimits(builder.Configuration, gateway.All.Count));

        var edge = builder.AddProject<Projects.Drive_Edge>("edge", options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: settings.Port ?? LocalProcess.FreePort(), name: "http", isProxied: false)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/ready")
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("Drive__ServedByHeader", "true")
            .WithEnvironment("ReverseProxy__Clusters__media__Destinations__blobs__Address",
                ReferenceExpression.Create($"{servers.Blobs.Resource.BlobEndpoint}/"));
        gateway.AreCalledBy([edge]);

        // Thumbnail URLs point at the edge, which caches them in front of blob storage.
        files.Configure(replica => replica.WithEnvironment("Files__ThumbnailBaseUrl",
            ReferenceExpression.Create($"{edge.GetEndpoint("http")}/media/thumbnails/")));
        return builder;
    }

    /// <summary>
    /// What a local gateway replica needs for its rate limits: the edge (on loopback) as its trusted proxy, the
    /// number of gateway replicas that share each budget, and every <c>Drive:RateLimits</c> setting given to the
    /// AppHost (e.g. <c>--Drive:RateLimits:Read:Limit=100</c>), so a run or a test sets the budgets in one place.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithLocalRateLimits(
        this IResourceBuilder<ProjectResource> replica, IConfiguration configuration, int replicas)
    {
        replica
            .WithEnvironment("Drive__TrustedProxies__Addresses__0", "127.0.0.1")
            .WithEnvironment("Drive__TrustedProxies__Addresses__1", "::1")
            .WithEnvironment("Drive__RateLimits__Replicas", replicas.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in configuration.GetSection("Drive:RateLimits").AsEnumerable())
        {
            if (value is not null)
            {
                replica.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return replica;
    }

    /// <summary>
    /// One service's replicas, each with an HTTP endpoint, readiness from its /health, and the shared JWT signing key.
    /// Launch profiles are left out so the AppHost alone decides ports.
    /// </summary>
    private static ServiceReplicas AddService<TProject>(
        this IDistributedApplicationBuilder builder,
        string name,
        DriveSettings settings,
        IResourceBuilder<ParameterResource> signingKey)
        where TProject : IProjectMetadata, new() =>
        ServiceReplicas.Add<TProject>(builder, name, settings.Replicas(name))
            .Configure(replica => replica
                .WithHttpHealthCheck("/health")
                .WithEnvironment("Jwt__SigningKey", signingKey));

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
