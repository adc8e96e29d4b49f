namespace Drive.Bench;

/// <summary>
/// The first page (100) of a folder that holds 10,000 files, through the edge and a gateway against the files service
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
        await FillAsync(client, folder.Id, FileCount, ct);

        var path = $"/api/folders/{folder.Id}/children?pageSize=100&orderBy=name";
        using var direct = TimedHttp.Authorized(filesService, await client.AccessTokenAsync(ct));

        var throughGateway = await MeasureAsync(client.Api, path, ct);
        var straight = await MeasureAsync(direct, path, ct);

        Report.Figure("first page p50, through the edge and a gateway", throughGateway.Percentile(50), "ms",
            straight.Percentile(50), "files service direct", "-");
        Report.Figure("first page p99, through the edge and a gateway", throughGateway.Percentile(99), "ms",
            straight.Percentile(99), "files service direct", "< 50 ms");
    }

    /// <summary>
    /// Uploads <paramref name="count"/> small text files into <paramref name="folderId"/>, 16 at a time, and returns
    /// them in name order.
    /// </summary>
    public static async Task<Item[]> FillAsync(DriveApiClient client, Guid folderId, int count, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var items = new Item[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => items[i] = await client.UploadAsync(
                folderId, $"file-{i:D5}.txt", BitConverter.GetBytes(i), token, "text/plain"));
        Console.WriteLine($"  (created {count:N0} files in {(DateTime.UtcNow - started).TotalSeconds:F0} s)");
        return items;
    }

    private static async Task<Samples> MeasureAsync(HttpClient http, string path, CancellationToken ct)
    {
        for (var i = 0; i < 20; i++)
        {
            await TimedHttp.GetOkAsync(http, path, ct);
        }

        var samples = new Samples();
        for (var i = 0; i < Requests; i++)
        {
            samples.Add(await TimedHttp.GetOkAsync(http, path, ct));
        }

        return samples;
    }
}
