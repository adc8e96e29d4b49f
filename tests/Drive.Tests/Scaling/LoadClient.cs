using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Drive.Tests.Scaling;

/// <summary>
/// One signed-in user doing what people do, as fast as it can: list their folder, open an item, ask for their
/// account and usage (<c>/api/me</c>, which the gateway gathers from auth and files itself), upload a file
/// (small ones in one part, every fifth large enough for two parts) and download one back, checking its bytes.
/// Every seventh upload is abandoned after its first part, as by a client that went away: it must leave no item.
/// </summary>
internal sealed class LoadClient(int number, DriveApiClient client, Item root, LoadTally tally)
{
    private const int LargeSize = 9 * 1024 * 1024;
    private const int MostCompletionTries = 6;

    private readonly Random _random = new(number);
    private int _uploads;

    public async Task RunAsync(CancellationToken until)
    {
        while (!until.IsCancellationRequested)
        {
            var roll = _random.Next(100);
            var known = tally.Acknowledged.GetValueOrDefault(number)?.ToArray() ?? [];
            if (roll is >= 55 and < 80)
            {
                await UploadAsync();
            }
            else if (roll < 30 || known.Length == 0)
            {
                await ReadAsync("list", () => client.ListChildrenAsync(root.Id, CancellationToken.None));
            }
            else if (roll < 35)
            {
                await ReadAsync("me", () => client.Api.GetFromJsonAsync<JsonElement>("/api/me"));
            }
            else if (roll < 55)
            {
                var item = known[_random.Next(known.Length)];
                await ReadAsync("get", () => client.GetItemAsync(item.ItemId, CancellationToken.None));
            }
            else
            {
                await DownloadAsync(known[_random.Next(known.Length)]);
            }
        }
    }

    private async Task ReadAsync<T>(string operation, Func<Task<T>> read)
    {
        try
        {
            await read();
            tally.Succeeded(operation);
        }
        catch (Exception e) when (e is DriveApiException or HttpRequestException or TaskCanceledException)
        {
            tally.FailedReads.Enqueue($"{operation}: {e.Message}");
        }
    }

    private async Task DownloadAsync(AcknowledgedUpload upload)
    {
        try
        {
            var (bytes, response) = await client.DownloadAsync(upload.ItemId, CancellationToken.None);
            response.Dispose();
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (sha256 != upload.Sha256)
            {
                tally.FailedReads.Enqueue($"download of {upload.Name}: other bytes ({bytes.Length} of {upload.Size})");
                return;
            }

            tally.Succeeded("download");
        }
        catch (Exception e) when (e is DriveApiException or HttpRequestException or TaskCanceledException)
        {
            tally.FailedReads.Enqueue($"download of {upload.Name}: {e.Message}");
        }
    }

    private async Task UploadAsync()
    {
        var size = ++_uploads % 5 == 0 ? LargeSize : _random.Next(1, 300_000);
        var content = new byte[size];
        _random.NextBytes(content);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var name = $"load-{number}-{_uploads}.bin";

        // 1. Start: a POST; a failure must be a clear 5xx, after which this file is simply not uploaded.
        using var start = await TryWriteAsync(
            () => client.StartUploadAsync(root.Id, name, size, "application/octet-stream", sha256, CancellationToken.None),
            "start");
        if (start is null)
        {
            return;
        }

        var session = await start.Content.ReadFromJsonAsync<UploadSession>() ?? throw new InvalidDataException();
        if (_uploads % 7 == 0)
        {
            using var first = await client.SendPartAsync(session.Parts[0], content, CancellationToken.None);
            tally.Succeeded("upload abandoned");
            return;
        }

        await client.SendPartsAsync(session, content, CancellationToken.None);

        // 2. Complete: keyed by the upload id, so after a clear 5xx the client sends it again.
        for (var attempt = 1; attempt <= MostCompletionTries; attempt++)
        {
            using var complete = await TryWriteAsync(
                () => client.Api.PostAsync($"/api/uploads/{session.UploadId}/complete", null), "complete");
            if (complete is not null)
            {
                var item = await complete.Content.ReadFromJsonAsync<Item>() ?? throw new InvalidDataException();
                tally.Acknowledged.GetOrAdd(number, _ => []).Add(new AcknowledgedUpload(item.Id, name, sha256, size));
                tally.Succeeded(size == LargeSize ? "upload in parts" : "upload");
                return;
            }

            Interlocked.Increment(ref tally.RepeatedCompletions);
            await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
        }
    }

    /// <summary>A successful answer, or null after counting the failure as clear (5xx problem) or not.</summary>
    private async Task<HttpResponseMessage?> TryWriteAsync(Func<Task<HttpResponseMessage>> write, string operation)
    {
        HttpResponseMessage response;
        try
        {
            response = await write();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            tally.UnclearlyFailedWrites.Enqueue($"{operation}: {e.Message}");
            return null;
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        var failures = (int)response.StatusCode >= 500 && isProblem
            ? tally.ClearlyFailedWrites
            : tally.UnclearlyFailedWrites;
        failures.Enqueue($"{operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        response.Dispose();
        return null;
    }
}
