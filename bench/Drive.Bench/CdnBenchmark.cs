using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Drive.Bench;

/// <summary>
/// The edge cache over a browse-the-corpus run: a few users each fill folders with corpus photographs, then browse
/// them in several cold sessions (no browser cache, as on a new device): load the page and its assets, list the root
/// and every folder, and fetch each thumbnail the way the page does (the API's redirect, then the signed URL at the
/// edge). Prints the edge's hit ratio from its X-Cache answers, and the latency of a hit against a miss in the run.
/// </summary>
public static partial class CdnBenchmark
{
    private const int Users = 2;
    private const int FoldersPerUser = 3;
    private const int PhotosPerFolder = 7;
    private const int SessionsPerUser = 4;

    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(Uri publicAddress, string corpus, CancellationToken ct)
    {
        Report.Section($"Edge cache: {Users} users browse {FoldersPerUser} folders of {PhotosPerFolder} photos each, "
            + $"{SessionsPerUser} cold sessions per user");

        // 1. Each user's photos, every thumbnail ready before browsing starts.
        var photos = new DirectoryInfo(Path.Combine(corpus, "photos")).GetFiles("*.jpg").OrderBy(f => f.Name).ToList();
        var users = new List<DriveApiClient>();
        for (var user = 0; user < Users; user++)
        {
            var client = new DriveApiClient(publicAddress);
            await client.SignUpAsync(ct);
            await SeedAsync(client, photos.Skip(user * FoldersPerUser * PhotosPerFolder).ToList(), ct);
            users.Add(client);
        }

        // 2. The sessions, round after round: each user once a round, so the users' first sessions are all misses.
        var tally = new EdgeTally();
        for (var session = 0; session < SessionsPerUser; session++)
        {
            foreach (var user in users)
            {
                await BrowseAsync(user, publicAddress, tally, ct);
            }
        }

        // 3. The figures.
        Console.WriteLine(
            $"  thumbnails: {tally.Thumbnails.Hits} hits, {tally.Thumbnails.Misses} misses; "
            + $"assets: {tally.Assets.Hits} hits, {tally.Assets.Misses} misses; {tally.Errors} answers not 200");
        Console.WriteLine($"  edge cache hit ratio, all cached requests: {tally.HitRatio:P1} "
            + $"(thumbnails {tally.Thumbnails.HitRatio:P1}, assets {tally.Assets.HitRatio:P1}); "
            + $"with every URL fetched once per session the most it can be is {1 - 1.0 / SessionsPerUser:P0} "
            + "for thumbnails");
        Report.Figure("thumbnail from the edge cache (hit), p50", tally.Thumbnails.HitLatency.Percentile(50), "ms",
            tally.Thumbnails.MissLatency.Percentile(50), "miss p50", "-");
        Report.Figure("thumbnail from the edge cache (hit), p99", tally.Thumbnails.HitLatency.Percentile(99), "ms",
            tally.Thumbnails.MissLatency.Percentile(99), "miss p99", "-");
        Report.Figure("web asset from the edge cache (hit), p50", tally.Assets.HitLatency.Percentile(50), "ms",
            tally.Assets.MissLatency.Percentile(50), "miss p50", "-");

        foreach (var user in users)
        {
            user.Dispose();
        }
    }

    private static async Task SeedAsync(DriveApiClient client, IReadOnlyList<FileInfo> photos, CancellationToken ct)
    {
        var root = await client.GetRootAsync(ct);
        var items = new List<Guid>();
        for (var folder = 0; folder < FoldersPerUser; folder++)
        {
            var created = await client.CreateFolderAsync(root.Id, $"album {folder + 1}", ct);
            foreach (var photo in photos.Skip(folder * PhotosPerFolder).Take(PhotosPerFolder))
            {
                var bytes = await File.ReadAllBytesAsync(photo.FullName, ct);
                items.Add((await client.UploadAsync(created.Id, photo.Name, bytes, ct)).Id);
            }
        }

        foreach (var id in items)
        {
            await client.WaitForThumbnailAsync(id, ThumbnailTimeout, ct);
        }
    }

    /// <summary>One cold session: the page, its assets, the root, each folder and each thumbnail in it.</summary>
    private static async Task BrowseAsync(DriveApiClient user, Uri publicAddress, EdgeTally tally, CancellationToken ct)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })
        {
            BaseAddress = publicAddress,
        };

        var page = await browser.GetStringAsync("/", ct);
        foreach (var asset in AssetReference().Matches(page).Select(m => m.Groups["path"].Value).Distinct())
        {
            await FetchAsync(browser, new Uri(publicAddress, asset), tally.Assets, tally, ct);
        }

        var root = await user.GetRootAsync(ct);
        foreach (var folder in (await user.ListChildrenAsync(root.Id, ct)).Items.Where(i => i.Kind == "folder"))
        {
            var children = await user.ListChildrenAsync(folder.Id, ct, "?pageSize=100");
            foreach (var item in children.Items.Where(i => i.Thumbnail?.State == "ready"))
            {
                using var redirect = await user.Api.GetAsync($"/api/items/{item.Id}/thumbnail", ct);
                await DriveApiClient.EnsureStatusAsync(redirect, HttpStatusCode.Redirect);
                await FetchAsync(browser, redirect.Headers.Location!, tally.Thumbnails, tally, ct);
            }
        }
    }

    private static async Task FetchAsync(
        HttpClient browser, Uri url, RouteTally route, EdgeTally tally, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            tally.Errors++;
            return;
        }

        var hit = response.Headers.TryGetValues("X-Cache", out var values) && values.Contains("HIT");
        (hit ? route.HitLatency : route.MissLatency).Add(elapsed);
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();

    private sealed class RouteTally
    {
        public Samples HitLatency { get; } = new();

        public Samples MissLatency { get; } = new();

        public int Hits => HitLatency.Count;

        public int Misses => MissLatency.Count;

        public double HitRatio => (double)Hits / (Hits + Misses);
    }

    private sealed class EdgeTally
    {
        public RouteTally Thumbnails { get; } = new();

        public RouteTally Assets { get; } = new();

        public int Errors { get; set; }

        public double HitRatio =>
            (double)(Thumbnails.Hits + Assets.Hits)
            / (Thumbnails.Hits + Thumbnails.Misses + Assets.Hits + Assets.Misses);
    }
}
