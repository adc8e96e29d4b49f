using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Drive.Client;

/// <summary>
/// Keeps a signed-in client's access token fresh: shortly before the token expires, the next request first trades
/// the refresh token for a new pair, as a long-running client (a sync tool, a benchmark) must.
/// </summary>
internal sealed class TokenRefreshHandler(Uri gateway, HttpMessageHandler transport) : DelegatingHandler(transport)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private TokenPair? _tokens;
    private DateTimeOffset _expiresAt;

    /// <summary>Starts using <paramref name="tokens"/>, issued just now.</summary>
    public void SignIn(TokenPair tokens)
    {
        _tokens = tokens;
        _expiresAt = DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn);
    }

    /// <summary>A current access token, refreshed first when it is about to expire.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken) =>
        _tokens is null
            ? throw new InvalidOperationException("Sign in first.")
            : (await FreshTokensAsync(cancellationToken)).AccessToken;

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_tokens is not null && request.Headers.Authorization is null)
        {
            var tokens = await FreshTokensAsync(cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<TokenPair> FreshTokensAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow < _expiresAt - RefreshMargin)
        {
            return _tokens!;
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (DateTimeOffset.UtcNow >= _expiresAt - RefreshMargin)
            {
                using var refresh = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "/api/auth/refresh"))
                {
                    Content = JsonContent.Create(new { refreshToken = _tokens!.RefreshToken }),
                };
                using var response = await base.SendAsync(refresh, cancellationToken);
                await DriveApiClient.EnsureStatusAsync(response, System.Net.HttpStatusCode.OK);
                SignIn(await response.Content.ReadFromJsonAsync<TokenPair>(Json, cancellationToken)
                    ?? throw new InvalidOperationException("The refresh answer was empty."));
            }

            return _tokens!;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _refreshing.Dispose();
        }

        base.Dispose(disposing);
    }
}
