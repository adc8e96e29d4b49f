using System.Net;
using System.Net.Sockets;
using Drive.TestHost;

namespace Drive.Tests.RateLimits;

/// <summary>
/// A Drive of its own with tight budgets: two gateway replicas behind the edge, one replica of every other service
/// (it boots faster), 100 reads a minute per user and 100 requests a minute per address without a token.
/// </summary>
public sealed class RateLimitedDrive : IAsyncLifetime
{
    /// <summary>The budgets this Drive runs with.</summary>
    public const int Reads = 100, Anonymous = 100, SignIns = 10, Writes = 30, UploadStarts = 5, GatewayReplicas = 2;

    private DriveHost? _host;

    /// <summary>The running Drive.</summary>
    public DriveHost Host => _host ?? throw new InvalidOperationException("Drive has not started.");

    /// <summary>
    /// The edge at 127.0.0.1. Every test sends from an address of its own in 127.0.0.0/8 (Linux answers the whole
    /// block on loopback), so the tests never share an address-keyed budget with each other or with the test host's
    /// own readiness polls, which come from 127.0.0.1.
    /// </summary>
    public Uri Edge => new UriBuilder(Host.PublicAddress) { Host = "127.0.0.1" }.Uri;

    /// <summary>A gateway replica's own address at 127.0.0.1, reached without the edge.</summary>
    public Uri Gateway(string resource) => new UriBuilder(Host.EndpointOf(resource)) { Host = "127.0.0.1" }.Uri;

    /// <summary>An HTTP handler whose connections leave from <paramref name="source"/> and go to 127.0.0.1.</summary>
    public static SocketsHttpHandler From(string source) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>A new user signed up and in from <paramref name="source"/> (two sign-in attempts).</summary>
    public async Task<DriveApiClient> SignedInFromAsync(string source, CancellationToken ct)
    {
        var client = new DriveApiClient(Edge, From(source));
        await client.SignUpAsync(ct);
        return client;
    }

    public async Task InitializeAsync() => _host = await DriveHost.StartAsync(
        TimeSpan.FromMinutes(8),
        "--Drive:Replicas=1",
        $"--Drive:Replicas:gateway={GatewayReplicas}",
        $"--Drive:RateLimits:Read:Limit={Reads}",
        $"--Drive:RateLimits:Anonymous:Limit={Anonymous}",
        $"--Drive:RateLimits:SignIn:Limit={SignIns}",
        $"--Drive:RateLimits:Write:Limit={Writes}",
        $"--Drive:RateLimits:UploadStart:Limit={UploadStarts}");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
