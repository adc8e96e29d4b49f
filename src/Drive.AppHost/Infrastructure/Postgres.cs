using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Drive.AppHost.Infrastructure;

/// <summary>PostgreSQL 15 run as a local process, its data under the state folder.</summary>
internal sealed class LocalPostgresResource(
    string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>Name of the TCP endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The server's TCP endpoint (127.0.0.1, a free port, not proxied).</summary>
    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The superuser password, kept in the state folder because the data folder was initialised with it.</summary>
    public ParameterResource Password => password;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.IPV4Host)};Port={Endpoint.Property(EndpointProperty.Port)};"
        + $"Username=postgres;Password={Password}");
}

/// <summary>One database of <see cref="LocalPostgresResource"/>; the services create and migrate it with EF Core.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    /// <inheritdoc />
    public LocalPostgresResource Parent => parent;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={databaseName}");
}

/// <summary>Adds Drive's PostgreSQL server and its two databases, "authdb" and "filesdb".</summary>
internal static class PostgresInfrastructure
{
    /// <summary>The server plus the databases the services reference.</summary>
    public sealed record Databases(
        IResourceBuilder<IResource> Server,
        IResourceBuilder<IResourceWithConnectionString> AuthDb,
        IResourceBuilder<IResourceWithConnectionString> FilesDb);

    /// <summary>The Aspire PostgreSQL integration: a container with a data volume.</summary>
    public static Databases AddPostgresContainer(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        return new Databases(postgres, postgres.AddDatabase("authdb"), postgres.AddDatabase("filesdb"));
    }

    /// <summary>
    /// PostgreSQL as a local process. It refuses to run as root, so as root the data folder belongs to the
    /// <c>postgres</c> user and the server is started through <c>setpriv</c>, which execs it: the process the
    /// orchestrator tracks is the postmaster itself and SIGTERM stops it cleanly.
    /// </summary>
    public static Databases AddLocalPostgres(this IDistributedApplicationBuilder builder, DriveSettings settings)
    {
        var binaries = FindBinaries();
        var root = Path.Combine(settings.StateDirectory, "postgres");
        var data = Path.Combine(root, "data");
        var sockets = Path.Combine(root, "run");
        var port = LocalProcess.FreePort();
        Directory.CreateDirectory(root);

        var secret = LocalProcess.GetOrCreateSecret(settings.StateDirectory, "postgres-password");
        var password = builder.AddParameter("postgres-password", secret, secret: true);

        string[] serverArgs =
        [
            Path.Combine(binaries, "postgres"), "-D", data, "-p", port.ToString(),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={sockets}",
        ];
        var (command, args) = LocalProcess.IsRoot
            ? ("setpriv", [.. AsPostgresUser, .. serverArgs])
            : (serverArgs[0], serverArgs[1..]);

        var server = builder
            .AddResource(new LocalPostgresResource("postgres", command, root, password.Resource))
            .WithArgs(args)
            .WithEndpoint(port: port, targetPort: port, name: LocalPostgresResource.EndpointName, isProxied: false)
            .WithServerHealthCheck(resource => new PostgresHealthCheck(resource))
            .OnBeforeResourceStarted((resource, e, ct) =>
                PrepareAsync(e.Services, resource, binaries, data, sockets, secret, ct));

        var authDb = builder.AddResource(new LocalPostgresDatabaseResource("authdb", "authdb", server.Resource));
        var filesDb = builder.AddResource(new LocalPostgresDatabaseResource("filesdb", "filesdb", server.Resource));
        return new Databases(server, authDb, filesDb);
    }

    private static readonly string[] AsPostgresUser = ["--reuid=postgres", "--regid=postgres", "--init-groups"];

    private static string FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(folder => Path.Combine(folder, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

        return installed
            ?? Path.GetDirectoryName(LocalProcess.FindOnPath("initdb") ?? "")
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed. Run ./drive up, or apt-get install postgresql.");
    }

    /// <summary>Creates the folders and, the first time only, initialises the data folder with the password.</summary>
    private static async Task PrepareAsync(
        IServiceProvider services, LocalPostgresResource resource, string binaries, string data, string sockets,
        string password, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
        var root = Path.GetDirectoryName(data)!;
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(sockets);

        if (LocalProcess.IsRoot)
        {
            LocalProcess.AllowOthersToTraverse(root, logger);
            await LocalProcess.RunAsync("chown", ["-R", "postgres:postgres", root], cancellationToken);
        }

        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            return;
        }

        logger.InitialisingPostgres(data);
        var passwordFile = Path.Combine(sockets, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (LocalProcess.IsRoot)
            {
                await LocalProcess.RunAsync("chown", ["postgres:postgres", passwordFile], cancellationToken);
            }

            string[] initdb =
            [
                Path.Combine(binaries, "initdb"), "-D", data, "-U", "postgres", $"--pwfile={passwordFile}",
                "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--locale=C",
            ];
            await (LocalProcess.IsRoot
                ? LocalProcess.RunAsync("setpriv", [.. AsPostgresUser, .. initdb], cancellationToken)
                : LocalProcess.RunAsync(initdb[0], initdb[1..], cancellationToken));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private sealed class PostgresHealthCheck(IResourceWithConnectionString resource) : ServerHealthCheck(resource)
    {
        protected override async Task ProbeAsync(string connectionString, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }
    }
}
