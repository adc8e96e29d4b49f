namespace Drive.Gateway.RateLimits;

/// <summary>
/// The rate-limit fields of draft-ietf-httpapi-ratelimit-headers (revision 10): <c>RateLimit-Policy</c> names the
/// budget, its quota and window (<c>"read";q=1200;w=60</c>); <c>RateLimit</c> says what is left and when the next
/// unit comes back (<c>"read";r=1199;t=60</c>). A refusal adds <c>Retry-After</c>.
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>The policy field.</summary>
    public const string Policy = "RateLimit-Policy";

    /// <summary>The current-state field.</summary>
    public const string State = "RateLimit";

    /// <summary>The name a policy goes by in the fields, in Redis keys and in problems.</summary>
    public static string PolicyName(RateLimitPolicy policy) => policy switch
    {
        RateLimitPolicy.SignIn => "sign-in",
        RateLimitPolicy.Anonymous => "anonymous",
        RateLimitPolicy.Read => "read",
        RateLimitPolicy.Write => "write",
        RateLimitPolicy.UploadStart => "upload-start",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    };

    /// <summary>Sets both fields, and <c>Retry-After</c> when the request was refused.</summary>
    public static void Write(IHeaderDictionary headers, RateLimitPolicy policy, RateLimitDecision decision)
    {
        var name = PolicyName(policy);
        headers[Policy] = $"\"{name}\";q={decision.Limit};w={(int)Math.Ceiling(decision.Window.TotalSeconds)}";
        headers[State] = $"\"{name}\";r={decision.Remaining};t={decision.ResetSeconds}";
        if (!decision.Allowed)
        {
            headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
