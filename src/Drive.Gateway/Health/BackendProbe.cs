using Microsoft.Extensions.ServiceDiscovery.Http;

namespace Drive.Gateway.Health;

/// <summary>
/// The HTTP client of the readiness probes: service discovery, but none of the retries and circuit breaker the
/// other clients get, so a probe reports what it sees now and a refused connection fails at once.
/// </summary>
public sealed class BackendProbe(IServiceDiscoveryHttpMessageHandlerFactory handlers, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _client = new(handlers.CreateHandler(new SocketsHttpHandler())) { Timeout = timeout };

    /// <summary>GETs <c>/health</c> of <paramref name="service"/>.</summary>
    public Task<HttpResponseMessage> GetHealthAsync(string service, CancellationToken cancellationToken) =>
        _client.GetAsync(new Uri(Backends.BaseAddress(service), "/health"), cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
