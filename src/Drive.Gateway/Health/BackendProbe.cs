using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace Drive.Gateway.Health;

/// <summary>
/// The HTTP client of the readiness probes: it asks every replica that service discovery names for a service,
/// with none of the retries and circuit breaker the other clients get, so a probe reports what it sees now and a
/// refused connection fails at once.
/// </summary>
public sealed class BackendProbe(ServiceEndpointResolver resolver, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = timeout };

    /// <summary>GETs <c>/health</c> of every replica of <paramref name="service"/>: true for each that says 200.</summary>
    public async Task<IReadOnlyList<bool>> ProbeReplicasAsync(string service, CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync(Backends.BaseAddress(service).ToString(), cancellationToken);
        return await Task.WhenAll(
            source.Endpoints.Select(e => IsHealthyAsync(AddressOf(e.EndPoint), cancellationToken)));
    }

    private async Task<bool> IsHealthyAsync(Uri replica, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(replica, "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException
            || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static Uri AddressOf(EndPoint endPoint) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        DnsEndPoint dns => new Uri($"http://{dns.Host}:{dns.Port}"),
        IPEndPoint ip => new Uri($"http://{ip}"),
        _ => new Uri($"http://{endPoint}"),
    };

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
