using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Drive.Tests.RateLimits;

/// <summary>
/// The gateway's budgets, shared by its two replicas through Redis and proved through the edge: the budget gets
/// through and no more, every refusal is a 429 problem with Retry-After and the rate-limit fields, a forged
/// <c>X-Forwarded-For</c> buys nothing, and with Redis stopped each replica enforces its share.
/// </summary>
public sealed class RateLimitTests(RateLimitedDrive drive, ITestOutputHelper output) : IClassFixture<RateLimitedDrive>
{
    private const int Burst300 = 300;
    private const int Slack = 5;
    private static readonly HttpStatusCode[] LimitedOrRefused =
        [HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests];

    [Fact]
    public async Task Three_hundred_reads_over_both_gateway_replicas_get_the_budget_through()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var client = await drive.SignedInFromAsync("127.0.0.11", deadline.Token);

        var answers = await Burst.SendAsync(
            client.Api, Burst300, _ => new HttpRequestMessage(HttpMethod.Get, "/api/folders/root"), deadline.Token);

        AssertBudgetHeld(answers, RateLimitedDrive.Reads, HttpStatusCode.OK, "read");
    }

    [Fact]
    public async Task Anonymous_requests_are_counted_per_socket_address_whatever_X_Forwarded_For_claims()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = deadline.Token;
        using var forger = new HttpClient(RateLimitedDrive.From("127.0.0.12")) { BaseAddress = drive.Edge };

        // 1. Through the edge, every request claiming another client: the edge drops the claim.
        var throughEdge = await Burst.SendAsync(forger, Burst300, _ => Forged("/api/folders/root"), ct);
        AssertBudgetHeld(throughEdge, RateLimitedDrive.Anonymous, HttpStatusCode.Unauthorized, "anonymous");

        // 2. Another address still has its whole budget; the forger's own address, without a claim, has none left.
        using var neighbour = new HttpClient(RateLimitedDrive.From("127.0.0.13")) { BaseAddress = drive.Edge };
        Assert.Equal(HttpStatusCode.Unauthorized, (await neighbour.GetAsync("/api/folders/root", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await forger.GetAsync("/api/folders/root", ct)).StatusCode);

        // 3. Straight to a gateway replica from an address it does not trust: the claim is ignored there too.
        using var direct = new HttpClient(RateLimitedDrive.From("127.0.0.14"))
        {
            BaseAddress = drive.Gateway("gateway"),
        };
        var straight = await Burst.SendAsync(direct, Burst300, _ => Forged("/api/folders/root"), ct);
        Assert.InRange(
            straight.Count(a => a.Status == HttpStatusCode.Unauthorized),
            RateLimitedDrive.Anonymous - Slack,
            RateLimitedDrive.Anonymous + Slack);
        Assert.All(straight, a => Assert.Contains(a.Status, LimitedOrRefused));
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address_against_password_guessing()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = deadline.Token;
        var email = await SignedUpEmailAsync("127.0.0.16", ct);

        // Guesses from one address, each claiming a new one; sign-up and sign-in share the budget.
        using var guesser = new HttpClient(RateLimitedDrive.From("127.0.0.15")) { BaseAddress = drive.Edge };
        var guesses = await Burst.SendAsync(guesser, 3 * RateLimitedDrive.SignIns, index =>
        {
            var request = Forged("/api/auth/login");
            request.Content = JsonContent.Create(new { email, password = $"guess {index}" });
            return request;
        }, ct);

        Assert.Equal(RateLimitedDrive.SignIns, guesses.Count(a => a.Status == HttpStatusCode.Unauthorized));
        Assert.All(guesses.Where(a => a.Status == HttpStatusCode.TooManyRequests), a => AssertRefusal(a, "sign-in"));

        // The owner, from their own address, signs in as usual.
        using var owner = new HttpClient(RateLimitedDrive.From("127.0.0.16")) { BaseAddress = drive.Edge };
        var login = await owner.PostAsJsonAsync(
            "/api/auth/login", new { email, password = "correct horse battery" }, ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.StartsWith("\"sign-in\";q=10;w=60", login.Headers.GetValues("RateLimit-Policy").Single());
    }

    [Fact]
    public async Task Reads_writes_and_upload_starts_spend_separate_budgets()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = deadline.Token;
        using var client = await drive.SignedInFromAsync("127.0.0.18", ct);
        var root = await client.GetRootAsync(ct);

        // 1. Upload starts: the tight budget runs out first.
        var starts = await Burst.SendAsync(client.Api, 2 * RateLimitedDrive.UploadStarts, index =>
            new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
            {
                Content = JsonContent.Create(new
                {
                    parentId = root.Id, name = $"file-{index}.txt", size = 5, contentType = "text/plain",
                }),
            }, ct);
        Assert.Equal(RateLimitedDrive.UploadStarts, starts.Count(a => a.Status == HttpStatusCode.Created));
        Assert.All(starts.Where(a => a.Status != HttpStatusCode.Created), a => AssertRefusal(a, "upload-start"));

        // 2. Other writes still have their own budget, and run out of it in turn.
        var folders = await Burst.SendAsync(client.Api, RateLimitedDrive.Writes + 10, index =>
            new HttpRequestMessage(HttpMethod.Post, "/api/folders")
            {
                Content = JsonContent.Create(new { parentId = root.Id, name = $"folder-{index}" }),
            }, ct);
        Assert.Equal(RateLimitedDrive.Writes, folders.Count(a => a.Status == HttpStatusCode.Created));
        Assert.All(folders.Where(a => a.Status != HttpStatusCode.Created), a => AssertRefusal(a, "write"));

        // 3. Reads were spent once (the root) and are untouched by both.
        using var read = await client.Api.GetAsync("/api/folders/root", ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal($"\"read\";q={RateLimitedDrive.Reads};w=60", read.Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith($"\"read\";r={RateLimitedDrive.Reads - 2};", read.Headers.GetValues("RateLimit").Single());
    }

    [Fact]
    public async Task With_Redis_stopped_each_replica_enforces_its_share_and_refuses_nobody_for_want_of_it()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = deadline.Token;
        var host = drive.Host;
        await host.StopAsync("redis", ct);
        try
        {
            // 1. Signing up and in needs no Redis; each replica counts the user's reads alone, at half the budget.
            using var client = await drive.SignedInFromAsync("127.0.0.19", ct);
            var clock = Stopwatch.StartNew();
            var answers = await Burst.SendAsync(
                client.Api, Burst300, _ => new HttpRequestMessage(HttpMethod.Get, "/api/folders/root"), ct);
            output.WriteLine($"300 reads without Redis in {clock.ElapsedMilliseconds} ms");

            var share = RateLimitedDrive.Reads / RateLimitedDrive.GatewayReplicas;
            AssertBudgetHeld(answers, RateLimitedDrive.Reads, HttpStatusCode.OK, "read", quota: share);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"300 reads took {clock.Elapsed} without Redis");

            // 2. Each replica says so in /health, which stays 200, and stays ready.
            foreach (var gateway in new[] { "gateway", "gateway-2" })
            {
                Assert.Equal("Degraded", await RateLimitHealthOfAsync(gateway, ct));
                using var probe = new HttpClient();
                using var ready = await probe.GetAsync(new Uri(drive.Gateway(gateway), "/ready"), ct);
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
        }
        finally
        {
            await host.RestartAsync("redis", CancellationToken.None);
        }

        // 3. With Redis back, both replicas share the budgets again.
        foreach (var gateway in new[] { "gateway", "gateway-2" })
        {
            while (await RateLimitHealthOfAsync(gateway, ct) != "Healthy")
            {
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }

        using var after = await drive.SignedInFromAsync("127.0.0.20", ct);
        var shared = await Burst.SendAsync(
            after.Api, Burst300, _ => new HttpRequestMessage(HttpMethod.Get, "/api/folders/root"), ct);
        AssertBudgetHeld(shared, RateLimitedDrive.Reads, HttpStatusCode.OK, "read");
    }

    /// <summary>
    /// The budget got through and no more (within <see cref="Slack"/>), both gateway replicas answered, every answer
    /// carried the rate-limit fields, and every refusal is a 429 problem with Retry-After.
    /// </summary>
    private void AssertBudgetHeld(
        IReadOnlyList<Answer> answers, int budget, HttpStatusCode passed, string policy, int? quota = null)
    {
        var through = answers.Count(a => a.Status == passed);
        output.WriteLine(
            $"{policy}: {through} of {answers.Count} through; by gateway: " + string.Join(", ", answers
                .GroupBy(a => a.Gateway).Select(g => $"{g.Key} {g.Count(a => a.Status == passed)}/{g.Count()}")));

        Assert.InRange(through, budget - Slack, budget + Slack);
        Assert.Equal(answers.Count - through, answers.Count(a => a.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, answers.Select(a => a.Gateway).Where(g => g is not null).Distinct().Count());
        Assert.All(answers, a =>
        {
            Assert.Equal($"\"{policy}\";q={quota ?? budget};w=60", a.Policy);
            Assert.Matches($"^\"{policy}\";r=[0-9]+;t=[0-9]+$", a.State);
        });
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.TooManyRequests), a => AssertRefusal(a, policy));
    }

    private static void AssertRefusal(Answer answer, string policy)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.NotNull(answer.Problem);
        Assert.Equal(429, answer.Problem.Status);
        Assert.Contains("Retry-After", answer.Problem.Detail, StringComparison.Ordinal);
        Assert.InRange(int.Parse(answer.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.StartsWith($"\"{policy}\";r=0;", answer.State);
    }

    /// <summary>A request claiming, in <c>X-Forwarded-For</c>, to come from a random address.</summary>
    private static HttpRequestMessage Forged(string path)
    {
        var request = new HttpRequestMessage(path.Contains("auth") ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", Burst.RandomAddress());
        return request;
    }

    private async Task<string> SignedUpEmailAsync(string source, CancellationToken ct)
    {
        using var client = new DriveApiClient(drive.Edge, RateLimitedDrive.From(source));
        return await client.SignUpAsync(ct);
    }

    /// <summary>The rate-limits entry of a gateway replica's <c>/health</c>, which must answer 200.</summary>
    private async Task<string?> RateLimitHealthOfAsync(string gateway, CancellationToken ct)
    {
        using var http = new HttpClient(RateLimitedDrive.From("127.0.0.21"))
        {
            BaseAddress = drive.Gateway(gateway),
        };
        using var response = await http.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return health.GetProperty("services").GetProperty("rate-limits").GetProperty("status").GetString();
    }
}
