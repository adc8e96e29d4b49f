using System.Net;
using Drive.ServiceDefaults;
using Drive.Tests.EndToEnd;

namespace Drive.Tests.RateLimits;

/// <summary>One request's answer: its status, the rate-limit fields and the gateway replica that answered.</summary>
internal sealed record Answer(
    HttpStatusCode Status, string? Policy, string? State, string? RetryAfter, string? Gateway, Problem? Problem)
{
    /// <summary>Reads what the limit tests check of <paramref name="response"/>; a 429 must be problem+json.</summary>
    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var problem = response.StatusCode == HttpStatusCode.TooManyRequests
            ? await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests)
            : null;
        return new Answer(
            response.StatusCode,
            Header(response, "RateLimit-Policy"),
            Header(response, "RateLimit"),
            Header(response, "Retry-After"),
            response.Headers.TryGetValues(HostingExtensions.ServedByHeader, out var hops)
                ? hops.SelectMany(hop => hop.Split(',', StringSplitOptions.TrimEntries))
                    .FirstOrDefault(hop => hop.StartsWith("Drive.Gateway/", StringComparison.Ordinal))
                : null,
            problem);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}

/// <summary>Sends many requests a few at a time and collects the answers.</summary>
internal static class Burst
{
    /// <summary>Sends <paramref name="count"/> requests made by <paramref name="request"/>, eight at a time.</summary>
    public static async Task<IReadOnlyList<Answer>> SendAsync(
        HttpClient http, int count, Func<int, HttpRequestMessage> request, CancellationToken ct)
    {
        var answers = new Answer[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (index, token) =>
            {
                using var message = request(index);
                using var response = await http.SendAsync(message, token);
                answers[index] = await Answer.ReadAsync(response);
            });
        return answers;
    }

    /// <summary>A random IPv4 address, as a client might claim in <c>X-Forwarded-For</c>.</summary>
    public static string RandomAddress() =>
        new IPAddress(BitConverter.GetBytes(Random.Shared.Next(0x01000000, int.MaxValue))).ToString();
}
