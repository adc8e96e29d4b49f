using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.ServiceDiscovery.Http;

namespace Drive.Gateway.Me;

/// <summary>What a backend answered: a value, or the status it failed with (503 when it could not be reached).</summary>
/// <typeparam name="T">The expected body.</typeparam>
/// <param name="Service">The backend asked.</param>
/// <param name="Value">The body, on success.</param>
/// <param name="Status">The HTTP status of the failure, or 200.</param>
public sealed record BackendReply<T>(string Service, T? Value, int Status) where T : class;

/// <summary>The account part of <c>/api/me</c>, as Drive.Auth's <c>/api/auth/me</c> returns it.</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="DisplayName">Display name.</param>
public sealed record AccountProfile(Guid Id, string Email, string DisplayName);

/// <summary>The storage part of <c>/api/me</c>, as Drive.Files' <c>/api/usage</c> returns it.</summary>
/// <param name="UsedBytes">Bytes stored by the user.</param>
/// <param name="QuotaBytes">Bytes the user may store.</param>
public sealed record StorageUsage(long UsedBytes, long QuotaBytes);

/// <summary>
/// Calls a backend on the user's behalf, passing the user's bearer token along. Service discovery hands each call the
/// next replica, so a call that fails in transport, times out or meets a 5xx is sent again, to another replica, up
/// to <see cref="MostAttempts"/> times. Its HTTP client (<see cref="CreateHttpClient"/>) has service discovery but not
/// the default resilience handler, whose backoff and whole-client circuit breaker would hold every caller for
/// seconds because one replica of several is down.
/// </summary>
public abstract class BackendClient(HttpClient http, ILogger logger, string service)
{
    /// <summary>Tries of one call, each on the next replica.</summary>
    public const int MostAttempts = 3;

    /// <summary>Time one try may take.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    /// <summary>An HTTP client for <paramref name="service"/> that sends each request to one of its replicas.</summary>
    public static HttpClient CreateHttpClient(IServiceProvider services, string service)
    {
        var discovery = services.GetRequiredService<IServiceDiscoveryHttpMessageHandlerFactory>();
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        return new HttpClient(discovery.CreateHandler(sockets)) { BaseAddress = Backends.BaseAddress(service) };
    }

    /// <summary>GETs <paramref name="path"/> as the user whose <c>Authorization</c> header is given.</summary>
    protected async Task<BackendReply<T>> GetAsync<T>(
        string path, string authorization, CancellationToken cancellationToken) where T : class
    {
        var status = StatusCodes.Status503ServiceUnavailable;
        for (var attempt = 1; attempt <= MostAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var value = await response.Content.ReadFromJsonAsync<T>(timeout.Token);
                    return new BackendReply<T>(service, value, value is null ? StatusCodes.Status502BadGateway : 200);
                }

                GatewayLog.BackendRefused(logger, service, path, status);
                if (status < 500)
                {
                    return new BackendReply<T>(service, null, status);
                }
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
                || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                GatewayLog.BackendUnreachable(logger, service, path, e);
                status = StatusCodes.Status503ServiceUnavailable;
            }
        }

        return new BackendReply<T>(service, null, status);
    }
}

/// <summary>Drive.Auth, reached through service discovery.</summary>
public sealed class AuthApiClient(HttpClient http, ILogger<AuthApiClient> logger)
    : BackendClient(http, logger, Backends.Auth)
{
    /// <summary>The signed-in user's account.</summary>
    public Task<BackendReply<AccountProfile>> GetProfileAsync(string authorization, CancellationToken cancellationToken) =>
        GetAsync<AccountProfile>("/api/auth/me", authorization, cancellationToken);
}

/// <summary>Drive.Files, reached through service discovery.</summary>
public sealed class FilesApiClient(HttpClient http, ILogger<FilesApiClient> logger)
    : BackendClient(http, logger, Backends.Files)
{
    /// <summary>The signed-in user's storage use.</summary>
    public Task<BackendReply<StorageUsage>> GetUsageAsync(string authorization, CancellationToken cancellationToken) =>
        GetAsync<StorageUsage>("/api/usage", authorization, cancellationToken);
}
