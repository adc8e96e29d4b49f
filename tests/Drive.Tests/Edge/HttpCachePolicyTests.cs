using Drive.Edge.Caching;
using Microsoft.AspNetCore.Http;

namespace Drive.Tests.Edge;

/// <summary>What the edge cache may keep, and for how long, decided on requests and answers built here.</summary>
public sealed class HttpCachePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 11, 59, 0, TimeSpan.Zero);

    private const string Signature = "sv=2026-06-06&st=2026-12-04T10%3A55%3A00Z&se=2026-12-04T12%3A00%3A00Z&sr=b&sp=r"
        + "&rscc=public%2C%20max-age%3D3600%2C%20immutable&sig=abc";

    [Fact]
    public void A_public_answer_is_kept_no_longer_than_the_signature_in_its_url_is_valid()
    {
        // Asked for one minute before its signature expires: max-age says an hour, the signature says one minute.
        var (request, response) = Exchange(Signature, "public, max-age=3600, immutable");

        Assert.Equal(TimeSpan.FromMinutes(1), HttpCachePolicy.StorageLifetime(request, response, Now));
        Assert.Null(HttpCachePolicy.StorageLifetime(request, response, Now.AddMinutes(2)));
    }

    [Fact]
    public void Without_a_signature_the_origins_lifetime_decides_and_private_answers_are_never_kept()
    {
        var (asset, immutable) = Exchange("", "public, max-age=31536000, immutable");
        Assert.Equal(TimeSpan.FromDays(365), HttpCachePolicy.StorageLifetime(asset, immutable, Now));

        var (file, privateAnswer) = Exchange(Signature, "private, no-store");
        Assert.Null(HttpCachePolicy.StorageLifetime(file, privateAnswer, Now));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(Signature, true)]
    [InlineData(Signature + "&junk=1", false)]
    [InlineData(Signature + "&comp=blocklist", false)]
    [InlineData(Signature + "&restype=container&comp=list", false)]
    public void Only_signature_parameters_may_be_in_a_cached_url(string query, bool cacheable)
    {
        var (request, _) = Exchange(query, "public, max-age=60");
        Assert.Equal(cacheable, HttpCachePolicy.IsCacheable(request));
    }

    [Fact]
    public void A_request_with_credentials_or_another_method_is_not_cached()
    {
        var (withToken, _) = Exchange(Signature, "public, max-age=60");
        withToken.Headers.Authorization = "Bearer token";
        Assert.False(HttpCachePolicy.IsCacheable(withToken));

        var (post, _) = Exchange(Signature, "public, max-age=60");
        post.Method = HttpMethods.Post;
        Assert.False(HttpCachePolicy.IsCacheable(post));
    }

    private static (HttpRequest Request, HttpResponse Response) Exchange(string query, string cacheControl)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/media/thumbnails/file/hash-256.jpg";
        context.Request.QueryString = query.Length == 0 ? QueryString.Empty : new QueryString("?" + query);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = cacheControl;
        return (context.Request, context.Response);
    }
}
