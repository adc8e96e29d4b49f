using Drive.Edge.Caching;
using Drive.Tests.ReverseProxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Tests.Edge;

/// <summary>The edge's cache rule inside ASP.NET Core's output cache, on a loopback server of its own.</summary>
public sealed class HttpCachePolicyServerTests
{
    [Fact]
    public async Task A_public_answer_is_served_from_the_cache_the_second_time()
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Services.AddOutputCache(options => options.AddPolicy(HttpCachePolicy.Name, new HttpCachePolicy()));
        await using var app = builder.Build();
        var calls = 0;
        app.UseOutputCache();
        app.MapGet("/assets/a.js", (HttpContext context) =>
        {
            calls++;
            context.Response.Headers.CacheControl = "public, max-age=60, immutable";
            return "console.log(1)";
        }).CacheOutput(HttpCachePolicy.Name);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.ListeningAddress() };

        using var first = await http.GetAsync("/assets/a.js");
        using var second = await http.GetAsync("/assets/a.js");

        Assert.Equal(1, calls);
        Assert.Equal("console.log(1)", await second.Content.ReadAsStringAsync());
    }
}
