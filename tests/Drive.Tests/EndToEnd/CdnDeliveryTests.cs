using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Web;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// What a CDN needs from Drive, checked through the edge cache that stands in for one: hashed web assets kept for a
/// year, a page that is always revalidated, thumbnail URLs that repeat within a time window and are answered from the
/// cache the second time, and nothing private (an original file, a forged or someone else's URL) ever kept or served.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed partial class CdnDeliveryTests(DriveAppFixture drive)
{
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string CacheHeader = "X-Cache";

    private static readonly TimeSpan ThumbnailTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Web_assets_are_hashed_and_immutable_and_the_page_is_revalidated()
    {
        using var http = new HttpClient { BaseAddress = drive.PublicAddress };
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

        // 1. The page: revalidated on every load, never kept by the edge, 304 when unchanged.
        using var page = await http.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoCache, $"index.html is no-cache, got {page.Headers.CacheControl}");
        Assert.False(page.Headers.Contains(CacheHeader), "the edge does not cache the page");
        var etag = page.Headers.ETag ?? throw new Xunit.Sdk.XunitException("index.html carries an ETag");
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/");
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(revalidate, ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // 2. Every script and style it names carries a content hash and is kept for a year, by the edge too.
        var html = await page.Content.ReadAsStringAsync(ct);
        var assets = AssetReference().Matches(html).Select(match => match.Groups["path"].Value).Distinct().ToList();
        Assert.Contains(assets, path => path.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, path => path.EndsWith(".css", StringComparison.Ordinal));
        foreach (var path in assets)
        {
            Assert.Matches(HashedName(), path);
            using var first = await http.GetAsync(path, ct);
            using var second = await http.GetAsync(path, ct);
            foreach (var response in new[] { first, second })
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(Immutable, response.Headers.CacheControl?.ToString());
                Assert.False(response.Headers.Contains("RateLimit"), "a shared answer carries no client's count");
            }

            Assert.Equal("HIT", Single(second, CacheHeader));
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(ct), await second.Content.ReadAsByteArrayAsync(ct));
        }
    }

    [Fact]
    public async Task A_thumbnail_url_repeats_within_its_window_and_the_second_fetch_is_a_hit()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var photo = await UploadPhotoWithThumbnailAsync(client, root.Id, ct);

        // 1. Handed out twice within one window, the URL is the same, on the edge's /media/thumbnails/.
        var (url, again) = await ThumbnailUrlTwiceAsync(client, photo.Id, ct);
        Assert.Equal(url, again);
        Assert.Equal(drive.PublicAddress.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("/media/thumbnails/", url.AbsolutePath, StringComparison.Ordinal);

        // 2. Its answers may be kept by shared caches, never past the signature's expiry; the second is the edge's.
        using var http = new HttpClient();
        using var first = await http.GetAsync(url, ct);
        using var second = await http.GetAsync(url, ct);
        var expires = DateTimeOffset.Parse(HttpUtility.ParseQueryString(url.Query)["se"]!);
        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var control = response.Headers.CacheControl!;
            Assert.True(control.Public && control.MaxAge > TimeSpan.Zero, $"public with max-age, got {control}");
            Assert.True(DateTimeOffset.UtcNow + control.MaxAge <= expires, $"{control} outlives the URL ({expires})");
        }

        Assert.Equal("HIT", Single(second, CacheHeader));
        var bytes = await second.Content.ReadAsByteArrayAsync(ct);
        Assert.True(bytes is [0xFF, 0xD8, ..], "a thumbnail is a JPEG");
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(ct), bytes);

        // 3. A browser following the API's redirect keeps its token on this same-origin hop; the edge ignores it.
        using var withToken = new HttpRequestMessage(HttpMethod.Get, url);
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await client.AccessTokenAsync(ct));
        using var third = await http.SendAsync(withToken, ct);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("HIT", Single(third, CacheHeader));
    }

    [Fact]
    public async Task A_forged_or_foreign_thumbnail_url_is_refused_and_never_cached()
    {
        var (owner, root, ct) = await drive.SignedInAsync();
        using var _ = owner;
        var photo = await UploadPhotoWithThumbnailAsync(owner, root.Id, ct);
        var (url, _) = await ThumbnailUrlTwiceAsync(owner, photo.Id, ct);
        using var http = new HttpClient();

        // 1. A changed signature, or none, is refused by blob storage each time: nothing was kept to answer it.
        var query = HttpUtility.ParseQueryString(url.Query);
        var signature = query["sig"]!;
        query["sig"] = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        var tampered = new UriBuilder(url) { Query = query.ToString() }.Uri;
        var unsigned = new UriBuilder(url) { Query = "" }.Uri;
        foreach (var forged in new[] { tampered, unsigned })
        {
            var answers = await AssertRefusedTwiceAsync(http, forged, ct);
            Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Forbidden, "MISS"), answer));
        }

        // 2. Another user gets no URL for it, and a URL of theirs does not reach it.
        var (stranger, strangerRoot, _) = await drive.SignedInAsync();
        using var __ = stranger;
        using var refused = await stranger.Api.GetAsync($"/api/items/{photo.Id}/thumbnail", ct);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var theirs = await UploadPhotoWithThumbnailAsync(stranger, strangerRoot.Id, ct);
        var (theirUrl, _) = await ThumbnailUrlTwiceAsync(stranger, theirs.Id, ct);
        var swapped = new UriBuilder(url) { Query = theirUrl.Query.TrimStart('?') }.Uri;
        using var crossed = await http.GetAsync(swapped, ct);
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
    }

    [Fact]
    public async Task An_original_file_url_is_private_and_never_served_or_kept_by_the_edge()
    {
        var (client, root, ct) = await drive.SignedInAsync();
        using var _ = client;
        var item = await client.UploadAsync(root.Id, "notes.txt", "private words"u8.ToArray(), ct);

        // 1. The content URL goes straight to blob storage and forbids every cache to keep the answer.
        using var redirect = await client.Api.GetAsync($"/api/items/{item.Id}/content", ct);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.NotEqual(drive.PublicAddress.GetLeftPart(UriPartial.Authority), location.GetLeftPart(UriPartial.Authority));
        using var http = new HttpClient();
        using var original = await http.GetAsync(location, ct);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        var control = original.Headers.CacheControl!;
        Assert.True(control is { Private: true, NoStore: true, Public: false }, $"private, no-store; got {control}");

        // 2. Asked for through the edge, under any media path, it is not served and nothing is kept.
        var blobPath = location.AbsolutePath[location.AbsolutePath.IndexOf("/files/", StringComparison.Ordinal)..];
        var outsideThumbnails = await AssertRefusedTwiceAsync(
            http, new Uri(drive.PublicAddress, $"/media{blobPath}{location.Query}"), ct);
        Assert.All(outsideThumbnails, answer => Assert.Equal((HttpStatusCode.NotFound, "(none)"), answer));
        var asThumbnail = await AssertRefusedTwiceAsync(
            http, new Uri(drive.PublicAddress, $"/media/thumbnails{blobPath}{location.Query}"), ct);
        Assert.All(asThumbnail, answer => Assert.Equal((HttpStatusCode.Forbidden, "MISS"), answer));
    }

    private static async Task<Item> UploadPhotoWithThumbnailAsync(DriveApiClient client, Guid folderId, CancellationToken ct)
    {
        var photo = Corpus.Photos(2)[1];
        var item = await client.UploadAsync(folderId, photo.Name, await File.ReadAllBytesAsync(photo.FullName, ct), ct);
        var done = await client.WaitForThumbnailAsync(item.Id, ThumbnailTimeout, ct);
        Assert.Equal("ready", done.Thumbnail?.State);
        return done;
    }

    /// <summary>
    /// The thumbnail URL asked for twice in a row. Should a window end between the two (its expiry moves on), both
    /// are asked for again: two windows cannot end within the same few milliseconds.
    /// </summary>
    private static async Task<(Uri First, Uri Second)> ThumbnailUrlTwiceAsync(
        DriveApiClient client, Guid id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var first = await ThumbnailUrlAsync(client, id, ct);
            var second = await ThumbnailUrlAsync(client, id, ct);
            var sameWindow = HttpUtility.ParseQueryString(first.Query)["se"]
                == HttpUtility.ParseQueryString(second.Query)["se"];
            if (sameWindow || attempt == 1)
            {
                return (first, second);
            }
        }
    }

    private static async Task<Uri> ThumbnailUrlAsync(DriveApiClient client, Guid id, CancellationToken ct)
    {
        using var redirect = await client.Api.GetAsync($"/api/items/{id}/thumbnail", ct);
        await DriveApiClient.EnsureStatusAsync(redirect, HttpStatusCode.Redirect);
        return redirect.Headers.Location!;
    }

    /// <summary>
    /// Asks for <paramref name="url"/> twice; neither answer may be a success. Returns each status with its X-Cache.
    /// </summary>
    private static async Task<List<(HttpStatusCode Status, string Cache)>> AssertRefusedTwiceAsync(
        HttpClient http, Uri url, CancellationToken ct)
    {
        var answers = new List<(HttpStatusCode, string)>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await http.GetAsync(url, ct);
            Assert.False(response.IsSuccessStatusCode, $"{url.AbsolutePath} answered {(int)response.StatusCode}");
            answers.Add((response.StatusCode, Single(response, CacheHeader)));
        }

        return answers;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? string.Join(",", values) : "(none)";

    [GeneratedRegex("(?:src|href)=\"(?<path>/assets/[^\"]+\\.(?:js|css))\"")]
    private static partial Regex AssetReference();

    /// <summary>Vite's names: the source's name, a dash, eight characters of the content's hash.</summary>
    [GeneratedRegex(@"^/assets/[\w.-]+-[A-Za-z0-9_-]{8}\.(?:js|css)$")]
    private static partial Regex HashedName();
}
