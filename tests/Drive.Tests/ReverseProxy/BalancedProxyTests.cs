using System.Diagnostics;
using System.Net;
using Drive.Tests.EndToEnd;

namespace Drive.Tests.ReverseProxy;

/// <summary>
/// The proxy shared by the edge and the gateway, over real replicas on loopback: which replicas get requests, which
/// failed requests move to another replica, and what a client sees when none can answer.
/// </summary>
public sealed class BalancedProxyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_replica_that_never_becomes_ready_is_never_sent_a_request()
    {
        await using var ready = await Backend.StartAsync("ready");
        await using var unready = await Backend.StartAsync("unready");
        unready.Ready = false;
        await using var proxy = await Proxy.StartAsync(ready, unready);
        using var http = new HttpClient { BaseAddress = proxy.Address };

        await WaitUntilServedAsync(http, "/who");
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("ready", await http.GetStringAsync("/who"));
        }

        Assert.Equal(0, unready.Hits("GET /who"));
        Assert.True(unready.Hits("GET /ready") > 0, "the proxy never probed the unready replica");
    }

    [Fact]
    public async Task Requests_to_a_stopped_replica_move_to_the_other_one_bodies_included()
    {
        await using var first = await Backend.StartAsync("first");
        await using var second = await Backend.StartAsync("second");
        await using var proxy = await Proxy.StartAsync(first, second);
        using var http = new HttpClient { BaseAddress = proxy.Address };
        await WaitUntilBothServeAsync(http, first, second);

        await second.StopAsync();

        // The proxy still believes in "second" until its probe or its passive check says otherwise: those requests
        // fail to connect, nothing reached a backend, and the proxy sends them to "first" instead.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("first", await http.GetStringAsync("/who"));
            using var echo = await http.PostAsync("/echo", new StringContent($"body {i}"));
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.Equal($"first:body {i}", await echo.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_replica_taken_out_for_failing_requests_rejoins_soon_after_it_is_back()
    {
        await using var first = await Backend.StartAsync("first");
        var second = await Backend.StartAsync("second");
        await using var proxy = await Proxy.StartAsync(first, second);
        using var http = new HttpClient { BaseAddress = proxy.Address };
        await WaitUntilBothServeAsync(http, first, second);

        // A burst while "second" is gone: its connection failures pass the passive check's rate, which takes it out.
        await second.DisposeAsync();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("first", await http.GetStringAsync("/who"));
        }

        // The replica comes back on the same address. YARP would keep it out for a minute after its last failure;
        // the proxy's failure window (10 s) lets it rejoin as soon as that has passed and its probe succeeds.
        await using var restarted = await Backend.StartAsync("second again", $"--urls={second.Address}");
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await http.GetStringAsync("/who", deadline.Token) != "second again")
        {
            await Task.Delay(100, deadline.Token);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"rejoined after {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task A_reset_mid_request_is_retried_on_the_other_replica_for_GET_and_idempotent_routes()
    {
        await using var pair = await CrashingPair.StartAsync();
        var (healthy, crashing, http) = (pair.Healthy, pair.Crashing, pair.Http);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("healthy", await http.GetStringAsync("/flaky"));

            using var idempotent = new HttpRequestMessage(HttpMethod.Post, "/flaky");
            idempotent.Headers.Add("X-Test-Idempotent", "yes");
            using var retried = await http.SendAsync(idempotent);
            Assert.Equal("healthy", await retried.Content.ReadAsStringAsync());
        }

        Assert.True(crashing.Hits("GET /flaky") + crashing.Hits("POST /flaky") > 0,
            "no request reached the crashing replica; the test proved nothing");
    }

    [Fact]
    public async Task A_plain_POST_cut_off_mid_request_is_not_repeated_and_answers_503()
    {
        await using var pair = await CrashingPair.StartAsync();
        var (healthy, crashing, http) = (pair.Healthy, pair.Crashing, pair.Http);

        // A POST that reached the crashing replica may have done its work there: it must not run twice, so its
        // client gets a 503 problem and decides. Every POST ran exactly once somewhere.
        var answered = 0;
        var refused = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await http.PostAsync("/flaky", content: null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answered++;
                continue;
            }

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
            refused++;
        }

        Assert.Equal(answered, healthy.Hits("POST /flaky"));
        Assert.Equal(refused, crashing.Hits("POST /flaky"));
        Assert.True(refused > 0, "no POST reached the crashing replica; the test proved nothing");
    }

    [Fact]
    public async Task With_every_replica_down_the_answer_is_a_quick_503_problem_with_Retry_After()
    {
        var only = await Backend.StartAsync("only");
        await using var proxy = await Proxy.StartAsync(only);
        using var http = new HttpClient { BaseAddress = proxy.Address };
        await WaitUntilServedAsync(http, "/who");
        await only.StopAsync();
        await only.DisposeAsync();

        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync("/who");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task A_stopping_replica_turns_unready_keeps_serving_during_the_drain_and_finishes_requests_in_flight()
    {
        await using var backend = await Backend.StartAsync("draining", "--Drive:Shutdown:DrainDelay=00:00:02");
        using var http = new HttpClient { BaseAddress = backend.Address };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/ready")).StatusCode);

        var inFlight = http.GetStringAsync("/slow");
        await Task.Delay(200);
        var stopping = backend.StopAsync();
        await Task.Delay(300);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
        Assert.Equal("draining", await http.GetStringAsync("/who"));
        Assert.Equal("draining", await inFlight);

        await stopping.WaitAsync(Patience);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/who"));
    }

    /// <summary>Two replicas behind the proxy, both seen serving, after which one drops every /flaky request.</summary>
    private sealed class CrashingPair : IAsyncDisposable
    {
        private Proxy _proxy = null!;

        public Backend Healthy { get; private init; } = null!;

        public Backend Crashing { get; private init; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public static async Task<CrashingPair> StartAsync()
        {
            var pair = new CrashingPair
            {
                Healthy = await Backend.StartAsync("healthy"),
                Crashing = await Backend.StartAsync("crashing"),
            };
            pair._proxy = await Proxy.StartAsync(pair.Healthy, pair.Crashing);
            pair.Http = new HttpClient { BaseAddress = pair._proxy.Address };
            await WaitUntilBothServeAsync(pair.Http, pair.Healthy, pair.Crashing);
            pair.Crashing.DropsConnections = true;
            return pair;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _proxy.DisposeAsync();
            await Healthy.DisposeAsync();
            await Crashing.DisposeAsync();
        }
    }

    private static async Task WaitUntilServedAsync(HttpClient http, string path)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!(await http.GetAsync(path, deadline.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task WaitUntilBothServeAsync(HttpClient http, Backend one, Backend other)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (one.Hits("GET /who") == 0 || other.Hits("GET /who") == 0)
        {
            await http.GetAsync("/who", deadline.Token);
            await Task.Delay(50, deadline.Token);
        }
    }
}
