using System.Data.Common;

namespace Drive.AppHost.Infrastructure;

/// <summary>The parts of an Azurite blob connection string shared by the process and the container.</summary>
internal static class AzuriteAccount
{
    /// <summary>Name of the blob endpoint.</summary>
    public const string EndpointName = "blob";

    /// <summary>Azurite's well-known development account; its key is published in Azurite's documentation.</summary>
    private const string Account =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;";

    /// <summary>An Azure Storage connection string whose blob endpoint is <paramref name="endpoint"/>.</summary>
    public static ReferenceExpression ConnectionString(EndpointReference endpoint) =>
        ReferenceExpression.Create($"{Account}BlobEndpoint={BlobEndpoint(endpoint)};");

    /// <summary>The account's blob service URL (Azurite puts the account name in the path), without a final slash.</summary>
    public static ReferenceExpression BlobEndpoint(EndpointReference endpoint)
    {
        var host = endpoint.Property(EndpointProperty.IPV4Host);
        var port = endpoint.Property(EndpointProperty.Port);
        return ReferenceExpression.Create($"http://{host}:{port}/devstoreaccount1");
    }
}

/// <summary>Azurite, as a process or a container.</summary>
internal interface IAzuriteResource : IResourceWithConnectionString
{
    /// <summary>The blob endpoint.</summary>
    EndpointReference Endpoint { get; }

    /// <summary>The account's blob service URL, without a final slash.</summary>
    ReferenceExpression BlobEndpoint => AzuriteAccount.BlobEndpoint(Endpoint);
}

/// <summary>Azurite's blob service run as a local Node.js process, its blobs under the state folder.</summary>
internal sealed class LocalAzuriteResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IAzuriteResource
{
    /// <summary>The blob endpoint (127.0.0.1, a free port, not proxied).</summary>
    public EndpointReference Endpoint => field ??= new EndpointReference(this, AzuriteAccount.EndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => AzuriteAccount.ConnectionString(Endpoint);
}

/// <summary>Azurite's blob service as a container.</summary>
internal sealed class AzuriteContainerResource(string name)
    : ContainerResource(name), IAzuriteResource
{
    /// <summary>The blob endpoint.</summary>
    public EndpointReference Endpoint => field ??= new EndpointReference(this, AzuriteAccount.EndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => AzuriteAccount.ConnectionString(Endpoint);
}

/// <summary>Adds Drive's blob storage, connection name "blobs".</summary>
internal static class AzuriteInfrastructure
{
    private const string Version = "3.37.0";

    private static readonly string[] Options = ["--skipApiVersionCheck", "--disableTelemetry"];

    /// <summary>The Azurite image, its blobs in a volume.</summary>
    public static IResourceBuilder<IAzuriteResource> AddAzuriteContainer(
        this IDistributedApplicationBuilder builder) =>
        builder.AddResource(new AzuriteContainerResource("blobs"))
            .WithImage("azure-storage/azurite", Version)
            .WithImageRegistry("mcr.microsoft.com")
            .WithArgs(["azurite-blob", "--blobHost", "0.0.0.0", "--blobPort", "10000", "--location", "/data", .. Options])
            .WithHttpEndpoint(targetPort: 10000, name: AzuriteAccount.EndpointName)
            .WithVolume("drive-azurite-data", "/data")
            .WithServerHealthCheck(resource => new AzuriteHealthCheck(resource));

    /// <summary>
    /// Azurite as a local process, from tools/azurite (npm ci there installs azurite@3.37.0) or from PATH.
    /// <c>--skipApiVersionCheck</c> lets Azure.Storage.Blobs speak a service version newer than Azurite knows.
    /// </summary>
    public static IResourceBuilder<IAzuriteResource> AddLocalAzurite(
        this IDistributedApplicationBuilder builder, DriveSettings settings)
    {
        var bundled = Path.Combine(settings.RepositoryRoot, "tools", "azurite", "node_modules", ".bin", "azurite-blob");
        var command = File.Exists(bundled) ? bundled : LocalProcess.FindOnPath("azurite-blob")
            ?? throw new InvalidOperationException(
                "Azurite is not installed. Run ./drive up, or npm ci --prefix tools/azurite.");
        var data = Directory.CreateDirectory(Path.Combine(settings.StateDirectory, "azurite")).FullName;
        var port = LocalProcess.FreePort();

        return builder
            .AddResource(new LocalAzuriteResource("blobs", command, data))
            .WithArgs(["--blobHost", "127.0.0.1", "--blobPort", port.ToString(), "--location", data, .. Options])
            .WithEndpoint(
                port: port, targetPort: port, scheme: "http", name: AzuriteAccount.EndpointName, isProxied: false)
            .WithServerHealthCheck(resource => new AzuriteHealthCheck(resource));
    }

    /// <summary>Ready once the blob endpoint answers HTTP at all; refusing an anonymous listing is fine.</summary>
    private sealed class AzuriteHealthCheck(IResourceWithConnectionString resource) : ServerHealthCheck(resource)
    {
        private static readonly HttpClient Client = new() { Timeout = ProbeTimeout };

        protected override async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var endpoint = (string)parts["BlobEndpoint"];
            using var response = await Client.GetAsync($"{endpoint}?comp=list", cancellationToken);
        }
    }
}
