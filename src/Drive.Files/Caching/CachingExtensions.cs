using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Drive.Files.Caching;

/// <summary>Registers the metadata cache of Drive.Files.</summary>
public static class CachingExtensions
{
    /// <summary>
    /// Adds the cache, its invalidation and its health check. With <c>Drive:Cache:Enabled</c> false nothing talks to
    /// Redis: every read goes to PostgreSQL and the health check says the cache is off.
    /// </summary>
    public static WebApplicationBuilder AddMetadataCache(this WebApplicationBuilder builder, CommitHooks hooks)
    {
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(hooks);
        builder.Services.AddScoped<CacheInvalidation>();
        builder.Services.AddScoped<CachedReads>();
        builder.Services.AddHealthChecks().AddCheck<CacheHealthCheck>("cache", HealthStatus.Degraded);

        var options = builder.Configuration.GetSection(CacheOptions.SectionName).Get<CacheOptions>() ?? new CacheOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        // Fail fast while Redis is away (no backlog, short timeouts) and try again every second: a request never
        // waits long for a cache that cannot answer.
        var timeout = (int)options.RedisTimeout.TotalMilliseconds;
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true, redis =>
        {
            redis.AbortOnConnectFail = false;
            redis.ConnectTimeout = Math.Max(timeout, 1000);
            redis.AsyncTimeout = timeout;
            redis.SyncTimeout = timeout;
            redis.BacklogPolicy = BacklogPolicy.FailFast;
            redis.ReconnectRetryPolicy = new LinearRetry(1000);
        });
        builder.Services.AddSingleton<CacheStore>();
        builder.Services.AddHostedService<CacheRecovery>();
        return builder;
    }
}
