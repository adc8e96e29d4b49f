using System.Web;
using Azure.Storage.Blobs;
using Drive.Files.Storage;

namespace Drive.Tests.Files;

/// <summary>How thumbnail URLs are signed so that a shared cache can keep them (no server needed: signing is local).</summary>
public sealed class ThumbnailUrlTests
{
    private const string Account =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset WindowStart = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
    private static readonly Uri Edge = new("http://localhost:8080/media/thumbnails/");

    [Fact]
    public void The_same_url_all_window_long_and_a_new_one_in_the_next()
    {
        var atStart = Sign(WindowStart, Edge);
        var atEnd = Sign(WindowStart + Window - TimeSpan.FromTicks(1), Edge);
        var next = Sign(WindowStart + Window, Edge);

        Assert.Equal(atStart, atEnd);
        Assert.NotEqual(atStart, next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    public void Caches_may_keep_it_no_longer_than_it_is_valid(int minutesIntoWindow)
    {
        var now = WindowStart.AddMinutes(minutesIntoWindow);
        var query = HttpUtility.ParseQueryString(Sign(now, Edge).Query);

        Assert.Equal("public, max-age=3600, immutable", query["rscc"]);
        Assert.Equal(WindowStart + 2 * Window, DateTimeOffset.Parse(query["se"]!));
        Assert.True(now + Window < DateTimeOffset.Parse(query["se"]!));
        Assert.Equal(WindowStart - BlobStore.ClockSkew, DateTimeOffset.Parse(query["st"]!));
        Assert.Equal("r", query["sp"]);
    }

    [Fact]
    public void At_the_edge_it_keeps_the_blob_name_and_the_signature()
    {
        var direct = Sign(WindowStart, null);
        var atEdge = Sign(WindowStart, Edge);

        Assert.Equal("/devstoreaccount1/thumbnails/f%201/abc-256.jpg", direct.AbsolutePath);
        Assert.Equal("http://localhost:8080/media/thumbnails/f%201/abc-256.jpg" + direct.Query, atEdge.AbsoluteUri);
    }

    [Fact]
    public void Private_content_urls_forbid_caching()
    {
        var store = new BlobStore(new BlobServiceClient(Account), new FixedTime(WindowStart));
        var url = store.CreateReadUri(BlobStore.FilesContainer, "owner/item", TimeSpan.FromMinutes(5), null, null);

        Assert.Equal(BlobStore.PrivateContent, HttpUtility.ParseQueryString(url.Query)["rscc"]);
    }

    private static Uri Sign(DateTimeOffset now, Uri? publicBase) =>
        new BlobStore(new BlobServiceClient(Account), new FixedTime(now))
            .CreateCacheableReadUri(BlobStore.ThumbnailsContainer, "f 1/abc-256.jpg", Window, publicBase);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
