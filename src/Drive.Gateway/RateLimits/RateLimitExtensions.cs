using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Drive.Gateway.RateLimits;

/// <summary>Registers and places the gateway's rate limiting.</summary>
public static class RateLimitExtensions
{
    /// <summary>Name of the health entry that tells whether the budgets are shared or counted per replica.</summary>
    public const string HealthCheckName = "rate-limits";

    /// <summary>
    /// Binds and checks <see cref="RateLimitOptions"/> and, when enabled, adds the Redis connection (connection name
    /// <c>redis</c>) tuned to fail fast: no queueing of commands while disconnected, short connect and call timeouts.
    /// </summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(
                options => options.Budgets().All(b => b.Budget.Limit >= 1 && b.Budget.Window > TimeSpan.Zero)
                    && options.Replicas >= 1
                    && options.RedisTimeout > TimeSpan.Zero
                    && options.RedisRetryInterval > TimeSpan.Zero,
                $"{RateLimitOptions.Section}: every Limit must be at least 1, every Window, RedisTimeout and "
                    + "RedisRetryInterval longer than zero, and Replicas at least 1.")
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()
            ?? new RateLimitOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.AddRedisClient(
            "redis",
            settings => settings.DisableHealthChecks = true,
            redis =>
            {
                redis.AbortOnConnectFail = false;
                redis.BacklogPolicy = BacklogPolicy.FailFast;
                redis.ConnectTimeout = 2_000;
                redis.AsyncTimeout = (int)options.RedisTimeout.TotalMilliseconds;
                redis.SyncTimeout = (int)options.RedisTimeout.TotalMilliseconds;
            });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RedisWindowCounter>();
        builder.Services.AddSingleton(provider => new LocalWindowCounter(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<RateLimitOptions>>().Value.Budgets().Max(b => b.Budget.Window)));
        builder.Services.AddSingleton<SharedRateLimiter>();
        builder.Services.AddHealthChecks().AddCheck<RateLimitHealthCheck>(HealthCheckName);
        return builder;
    }

    /// <summary>
    /// Places the limiter: after authentication, so a signed-in user spends their own budgets, and after the client's
    /// address was resolved from a trusted proxy, so an address-keyed budget is the real client's.
    /// </summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled
            ? app.UseMiddleware<RateLimitMiddleware>()
            : app;
}
