using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Drive.Client;

namespace Drive.Tests.EndToEnd;

/// <summary>Assertions on the API's error answers.</summary>
public static class ProblemAssert
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asserts the status and that the answer is problem+json with a title or detail.</summary>
    public static async Task<Problem> IsProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered " +
            $"{(int)response.StatusCode}, expected {(int)expected}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var problem = JsonSerializer.Deserialize<Problem>(body, Json);
        Assert.NotNull(problem);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title ?? problem.Detail), "a problem needs a title or detail");
        return problem;
    }

    /// <summary>Asserts a 4xx status answered as problem+json.</summary>
    public static async Task<Problem> IsClientErrorAsync(HttpResponseMessage response)
    {
        Assert.InRange((int)response.StatusCode, 400, 499);
        return await IsProblemAsync(response, response.StatusCode);
    }
}
