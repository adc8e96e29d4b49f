namespace Drive.Bench;

/// <summary>
/// The first page (100) of a folder that holds 10,000 files, through the gateway against the files service
/// called directly with the same token.
/// </summary>
public static class ListingBenchmark
{
    private const int FileCount = 10_000;
    private const int Requests = 500;

    public static async Task RunAsync(DriveApiClient client, Guid parentId, Uri filesService, CancellationToken ct)
    {
        Report.Section($"First page of a folder of {FileCount:N0} files");
        var folder = await client.CreateFolderAsync(parentId, "ten-thousand", ct);
        await FillAsync(client, folder.Id, ct);

        var path = $"/api/folders/{folder.Id}/children?pageSize=100&orderBy=name";
        using var direct = new HttpClient { BaseAddress = filesService };
        direct.DefaultRequestHeaders.Authorization = new("Bearer", await client.AccessTokenAsync(ct));

        var throughGateway = await MeasureAsync(client.Api, path, ct);
        var straight = await MeasureAsync(direct, path, ct);

        Report.Figure("first page p50, through the gateway", throughGateway.Percentile(50), "ms",
            straight.Percentile(50), "files service direct", "-");
        Report.Figure("first page p99, through the gateway", throughGateway.Percentile(99), "ms",
            straight.Percentile(99), "files service direct", "< 50 ms");
    }

    private static async Task FillAsync(DriveApiClient client, Guid folderId, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, FileCount),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await client.UploadAsync(
                folderId, $"file-{i:D5}.txt", BitConverter.GetBytes(i), token, "text/plain"));
        Console.WriteLine($"  (created {FileCount:N0} files in {(DateTime.UtcNow - started).TotalSeconds:F0} s)");
    }

    private static async Task<Samples> MeasureAsync(HttpClient http, string path, CancellationToken ct)
    {
        var samples = new Samples();
        for (var i = 0; i < Requests + 20; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, ct);
            response.EnsureSuccessStatusCode();
            if (i >= 20)
            {
                samples.Add(watch.Elapsed);
            }
        }

        return samples;
    }
}
