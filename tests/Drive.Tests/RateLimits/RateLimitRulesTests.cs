using System.Net;
using System.Security.Claims;
using Drive.Gateway.RateLimits;
using Microsoft.AspNetCore.Http;

namespace Drive.Tests.RateLimits;

/// <summary>Which budget a request spends, whose it is, and the per-replica window used while Redis is down.</summary>
public sealed class RateLimitRulesTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("POST", "/api/auth/login", false, RateLimitPolicy.SignIn)]
    [InlineData("POST", "/API/Auth/Register/", true, RateLimitPolicy.SignIn)]
    [InlineData("POST", "/api/auth/refresh", false, RateLimitPolicy.Anonymous)]
    [InlineData("GET", "/", false, RateLimitPolicy.Anonymous)]
    [InlineData("GET", "/api/folders/root", true, RateLimitPolicy.Read)]
    [InlineData("HEAD", "/api/items/1", true, RateLimitPolicy.Read)]
    [InlineData("PATCH", "/api/items/1", true, RateLimitPolicy.Write)]
    [InlineData("POST", "/api/uploads", true, RateLimitPolicy.UploadStart)]
    [InlineData("POST", "/api/uploads/", true, RateLimitPolicy.UploadStart)]
    [InlineData("POST", "/api/uploads/1/complete", true, RateLimitPolicy.Write)]
    public void Each_request_spends_one_budget(string method, string path, bool signedIn, RateLimitPolicy expected)
    {
        var partition = RateLimitPartition.Of(Request(method, path, signedIn));

        Assert.NotNull(partition);
        Assert.Equal(expected, partition.Policy);
        Assert.Equal(
            signedIn && expected is not (RateLimitPolicy.SignIn or RateLimitPolicy.Anonymous)
                ? "user:3f2504e0-4f89-11d3-9a0c-0305e82c3301"
                : "ip:203.0.113.7",
            partition.Key);
    }

    [Theory]
    [InlineData("/ready")]
    [InlineData("/alive")]
    public void The_balancers_probes_spend_nothing(string path) =>
        Assert.Null(RateLimitPartition.Of(Request("GET", path, signedIn: false)));

    [Theory]
    [InlineData("198.51.100.4", "ip:198.51.100.4")]
    [InlineData("::ffff:198.51.100.4", "ip:198.51.100.4")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "ip:2001:db8:1:2::/64")]
    [InlineData("::1", "ip:::1")]
    public void Addresses_are_keyed_by_IPv4_address_or_IPv6_block(string address, string key) =>
        Assert.Equal(key, RateLimitPartition.AddressKey(IPAddress.Parse(address)));

    [Theory]
    [InlineData(100, 1, 100)]
    [InlineData(100, 2, 50)]
    [InlineData(10, 3, 4)]
    [InlineData(1, 4, 1)]
    public void A_replica_counting_alone_gets_its_share_rounded_up(int limit, int replicas, int share) =>
        Assert.Equal(share, new RateLimitBudget { Limit = limit }.ShareOf(replicas).Limit);

    [Fact]
    public void The_local_window_slides_allows_the_limit_in_any_window_and_says_when_to_come_back()
    {
        var clock = new ManualClock();
        var counter = new LocalWindowCounter(clock, Minute);
        var partition = new RateLimitPartition(RateLimitPolicy.Read, "user:a");
        var budget = new RateLimitBudget { Limit = 3 };

        // Three at 0 s, 20 s and 40 s pass; a fourth at 50 s does not, and may come back when the first leaves.
        var answers = new[] { 0, 20, 40, 50 }.Select(second =>
        {
            clock.Now = TimeSpan.FromSeconds(second);
            return counter.Acquire(partition, budget);
        }).ToList();
        Assert.Equal([true, true, true, false], answers.Select(a => a.Allowed));
        Assert.Equal([2, 1, 0, 0], answers.Select(a => a.Remaining));
        Assert.Equal(TimeSpan.FromSeconds(10), answers[3].ResetAfter);

        // At 60 s the request of 0 s has left the window: one more passes, the next does not.
        clock.Now = TimeSpan.FromSeconds(60);
        Assert.True(counter.Acquire(partition, budget).Allowed);
        Assert.False(counter.Acquire(partition, budget).Allowed);

        // Another key has its own window.
        Assert.True(counter.Acquire(partition with { Key = "user:b" }, budget).Allowed);
    }

    private static DefaultHttpContext Request(string method, string path, bool signedIn)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        if (signedIn)
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")], "test"));
        }

        return context;
    }

    private sealed class ManualClock : TimeProvider
    {
        public TimeSpan Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.Ticks + TimeSpan.TicksPerDay;
    }
}
