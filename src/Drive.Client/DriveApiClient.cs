using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Drive.Client;

/// <summary>
/// Uses the public API exactly as a client would: through the gateway for metadata, straight to blob storage with
/// the signed part URLs for bytes, several parts at once.
/// </summary>
public sealed class DriveApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TokenRefreshHandler _tokens;
    private readonly HttpClient _api;

    /// <summary>
    /// A client of the Drive behind <paramref name="gateway"/>, not signed in. <paramref name="transport"/> sends its
    /// requests (a test may bind it to another local address); it must not follow redirects.
    /// </summary>
    public DriveApiClient(Uri gateway, HttpMessageHandler? transport = null)
    {
        _tokens = new TokenRefreshHandler(gateway, transport ?? new HttpClientHandler { AllowAutoRedirect = false });
        _api = new HttpClient(_tokens) { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
    }

    private readonly HttpClient _storage = new() { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// The raw API client (no redirects followed, the signed-in user's token added and kept fresh unless a request
    /// sets its own), for callers that check status codes themselves.
    /// </summary>
    public HttpClient Api => _api;

    /// <summary>The client that talks to blob storage without any Drive credentials.</summary>
    public HttpClient Storage => _storage;

    /// <summary>How many parts of one file travel at once.</summary>
    public int PartParallelism { get; init; } = 4;

    /// <summary>Registers a new user with a unique address, signs in and returns the address.</summary>
    public async Task<string> SignUpAsync(CancellationToken cancellationToken, string password = "correct horse battery")
    {
        var email = $"user-{Guid.NewGuid():N}@example.test";
        var register = await _api.PostAsJsonAsync(
            "/api/auth/register", new { email, password, displayName = "Test User" }, cancellationToken);
        await EnsureStatusAsync(register, HttpStatusCode.Created);

        var login = await _api.PostAsJsonAsync("/api/auth/login", new { email, password }, cancellationToken);
        _tokens.SignIn(await ReadAsync<TokenPair>(login, HttpStatusCode.OK));
        return email;
    }

    /// <summary>The signed-in user's current access token, for calls made with another HTTP client.</summary>
    public Task<string> AccessTokenAsync(CancellationToken cancellationToken) => _tokens.AccessTokenAsync(cancellationToken);

    public async Task<Item> GetRootAsync(CancellationToken cancellationToken) =>
        await ReadAsync<Item>(await _api.GetAsync("/api/folders/root", cancellationToken), HttpStatusCode.OK);

    public async Task<Item> CreateFolderAsync(Guid parentId, string name, CancellationToken cancellationToken) =>
        await ReadAsync<Item>(
            await _api.PostAsJsonAsync("/api/folders", new { parentId, name }, cancellationToken),
            HttpStatusCode.Created);

    public async Task<Item> GetItemAsync(Guid id, CancellationToken cancellationToken) =>
        await ReadAsync<Item>(await _api.GetAsync($"/api/items/{id}", cancellationToken), HttpStatusCode.OK);

    public async Task<ItemPage> ListChildrenAsync(Guid folderId, CancellationToken cancellationToken, string query = "")
        => await ReadAsync<ItemPage>(
            await _api.GetAsync($"/api/folders/{folderId}/children{query}", cancellationToken), HttpStatusCode.OK);

    /// <summary>Starts an upload; the caller checks the answer.</summary>
    public Task<HttpResponseMessage> StartUploadAsync(
        Guid parentId, string name, long size, string contentType, string? sha256, CancellationToken cancellationToken)
        => _api.PostAsJsonAsync("/api/uploads", new { parentId, name, size, contentType, sha256 }, cancellationToken);

    /// <summary>
    /// The whole upload flow for one file: start, send every part in parallel, complete. With
    /// <paramref name="declareHash"/> the client states the SHA-256 and the service verifies it.
    /// </summary>
    public async Task<Item> UploadAsync(
        Guid parentId,
        string name,
        byte[] content,
        CancellationToken cancellationToken,
        string? contentType = null,
        bool declareHash = true)
    {
        var sha256 = declareHash ? Convert.ToHexStringLower(SHA256.HashData(content)) : null;
        var start = await StartUploadAsync(
            parentId, name, content.Length, contentType ?? ContentTypes.Guess(name), sha256, cancellationToken);
        return await SendAndCompleteAsync(start, content, cancellationToken);
    }

    /// <summary>Starts an upload of a new version of <paramref name="fileId"/>; the caller checks the answer.</summary>
    public Task<HttpResponseMessage> StartNewVersionAsync(
        Guid fileId, long size, string contentType, string? sha256, CancellationToken cancellationToken)
        => _api.PostAsJsonAsync("/api/uploads", new { fileId, size, contentType, sha256 }, cancellationToken);

    /// <summary>
    /// The whole flow for a new version of an existing file's content: start with its id, send every part, complete.
    /// The file keeps its id, name and folder; its content version goes up by one.
    /// </summary>
    public async Task<Item> UploadNewVersionAsync(
        Guid fileId, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var start = await StartNewVersionAsync(fileId, content.Length, contentType, sha256, cancellationToken);
        return await SendAndCompleteAsync(start, content, cancellationToken);
    }

    private async Task<Item> SendAndCompleteAsync(
        HttpResponseMessage start, byte[] content, CancellationToken cancellationToken)
    {
        var session = await ReadAsync<UploadSession>(start, HttpStatusCode.Created);
        await SendPartsAsync(session, content, cancellationToken);

        var complete = await _api.PostAsync($"/api/uploads/{session.UploadId}/complete", null, cancellationToken);
        return await ReadAsync<Item>(complete, HttpStatusCode.Created);
    }

    /// <summary>Sends every part of <paramref name="content"/> straight to storage, several at a time.</summary>
    public async Task SendPartsAsync(UploadSession session, byte[] content, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            session.Parts,
            new ParallelOptions { MaxDegreeOfParallelism = PartParallelism, CancellationToken = cancellationToken },
            async (part, token) =>
            {
                using var response = await SendPartAsync(part, content, token);
                await EnsureSuccessAsync(response, $"part {part.Number}");
            });
    }

    /// <summary>Sends one part's bytes with the method, URL and headers the API gave.</summary>
    public async Task<HttpResponseMessage> SendPartAsync(
        UploadPart part, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(part.Method), part.Url)
        {
            Content = new ReadOnlyMemoryContent(content.Slice((int)part.Offset, (int)part.Length)),
        };
        foreach (var (header, value) in part.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }

        return await _storage.SendAsync(request, cancellationToken);
    }

    /// <summary>Takes the content redirect to storage and returns the bytes and the storage response.</summary>
    public async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        using var redirect = await _api.GetAsync($"/api/items/{id}/content", cancellationToken);
        await EnsureStatusAsync(redirect, HttpStatusCode.Redirect);
        var location = redirect.Headers.Location ?? throw new InvalidOperationException("A 302 needs a Location.");

        var response = await _storage.GetAsync(location, cancellationToken);
        await EnsureSuccessAsync(response, "download from storage");
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), response);
    }

    /// <summary>Polls the item until its thumbnail leaves "pending", within <paramref name="timeout"/>.</summary>
    public async Task<Item> WaitForThumbnailAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var item = await GetItemAsync(id, deadline.Token);
            if (item.Thumbnail?.State is not "pending")
            {
                return item;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    /// <summary>Reads a JSON body after checking the status.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await EnsureStatusAsync(response, expected);
        var body = await response.Content.ReadFromJsonAsync<T>(Json);
        return body ?? throw new InvalidOperationException($"{typeof(T).Name} body was empty.");
    }

    /// <summary>Throws a <see cref="DriveApiException"/> with the body when the status is not the expected one.</summary>
    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new DriveApiException(response.StatusCode,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered " +
                $"{(int)response.StatusCode}, expected {(int)expected}: {body}", body);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new DriveApiException(response.StatusCode, $"{what} answered {(int)response.StatusCode}: {body}", body);
        }
    }

    public void Dispose()
    {
        _api.Dispose();
        _storage.Dispose();
    }
}
