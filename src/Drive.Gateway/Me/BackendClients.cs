using System.Net.Http.Headers;
using System.Net.Http.Json;

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

/// <summary>Calls a backend on the user's behalf, passing the user's bearer token along.</summary>
public abstract class BackendClient(HttpClient http, ILogger logger, string service)
{
    /// <summary>GETs <paramref name="path"/> as the user whose <c>Authorization</c> header is given.</summary>
    protected async Task<BackendReply<T>> GetAsync<T>(
        string path, string authorization, CancellationToken cancellationToken) where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                GatewayLog.BackendRefused(logger, service, path, (int)response.StatusCode);
                return new BackendReply<T>(service, null, (int)response.StatusCode);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(cancellationToken);
            return new BackendReply<T>(service, value, value is null ? StatusCodes.Status502BadGateway : 200);
        }
        catch (HttpRequestException e)
        {
            GatewayLog.BackendUnreachable(logger, service, path, e);
            return new BackendReply<T>(service, null, StatusCodes.Status503ServiceUnavailable);
        }
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
