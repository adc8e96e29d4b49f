namespace Drive.Gateway.RateLimits;

/// <summary>
/// The gateway's request budgets (section <c>Drive:RateLimits</c>, environment <c>Drive__RateLimits__…</c>). Every
/// request spends one unit of exactly one budget; the defaults protect a public deployment.
/// </summary>
public sealed record RateLimitOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Drive:RateLimits";

    /// <summary>False leaves every request unlimited and adds no rate-limit header (a benchmark's baseline).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Sign-in and sign-up attempts per client address: the budget against password guessing.</summary>
    public RateLimitBudget SignIn { get; init; } = new() { Limit = 10 };

    /// <summary>Any other request without a valid token (web app, docs, refresh, /health), per address.</summary>
    public RateLimitBudget Anonymous { get; init; } = new() { Limit = 300 };

    /// <summary>A signed-in user's GET, HEAD and OPTIONS requests.</summary>
    public RateLimitBudget Read { get; init; } = new() { Limit = 1200 };

    /// <summary>A signed-in user's other requests, upload starts excepted.</summary>
    public RateLimitBudget Write { get; init; } = new() { Limit = 600 };

    /// <summary>A signed-in user's <c>POST /api/uploads</c>: each hands out signed URLs for a whole file.</summary>
    public RateLimitBudget UploadStart { get; init; } = new() { Limit = 120 };

    /// <summary>
    /// How many gateway replicas share the budgets. While Redis cannot be reached each replica enforces its share,
    /// the budget divided by this number (rounded up), so the whole stays near the budget when the balancer spreads a
    /// client's requests. The local AppHost sets it; unset, each replica enforces the whole budget.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Longest wait for Redis's answer before this request is counted by the replica alone.</summary>
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After a failed Redis call, how long the replica counts alone before it tries Redis again.</summary>
    public TimeSpan RedisRetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The budget of <paramref name="policy"/>.</summary>
    public RateLimitBudget BudgetOf(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.SignIn => SignIn,
        RateLimitPolicy.Anonymous => Anonymous,
        RateLimitPolicy.Read => Read,
        RateLimitPolicy.Write => Write,
        RateLimitPolicy.UploadStart => UploadStart,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    };

    /// <summary>Every budget with its policy, for validation.</summary>
    public IEnumerable<(RateLimitPolicy Policy, RateLimitBudget Budget)> Budgets() =>
        Enum.GetValues<RateLimitPolicy>().Select(policy => (policy, BudgetOf(policy)));
}

/// <summary>At most <see cref="Limit"/> requests in any <see cref="Window"/> (a sliding window).</summary>
public sealed record RateLimitBudget
{
    /// <summary>Requests allowed in any one window.</summary>
    public int Limit { get; init; }

    /// <summary>The window's length; one minute unless set.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>One replica's share while it counts alone: the limit divided by the replicas, rounded up.</summary>
    public RateLimitBudget ShareOf(int replicas) =>
        replicas <= 1 ? this : this with { Limit = (Limit + replicas - 1) / replicas };
}

/// <summary>The budgets a request can spend.</summary>
public enum RateLimitPolicy
{
    /// <summary><c>POST /api/auth/login</c> and <c>/api/auth/register</c>, per client address.</summary>
    SignIn,

    /// <summary>Any other request without a valid access token, per client address.</summary>
    Anonymous,

    /// <summary>A signed-in user's reads.</summary>
    Read,

    /// <summary>A signed-in user's writes.</summary>
    Write,

    /// <summary>A signed-in user's upload starts.</summary>
    UploadStart,
}
