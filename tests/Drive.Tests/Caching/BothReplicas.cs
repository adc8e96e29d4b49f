using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Drive.ServiceDefaults;
using Drive.TestHost;

namespace Drive.Tests.Caching;

/// <summary>
/// Reads one path through the edge again and again until each files replica has answered it at least twice (told
/// apart by <c>X-Served-By</c>), checking every answer: whichever replica serves the next read must be right.
/// </summary>
internal sealed class BothReplicas(DriveHost host)
{
    private const int MostReads = 60;
    private static readonly string[] FilesReplicas = ["files", "files-2"];

    /// <summary>One answer: which replica gave it, its status, ETag and JSON body (null for an empty body).</summary>
    public sealed record Answer(string Replica, HttpStatusCode Status, string? ETag, JsonElement? Body);

    /// <summary>GETs <paramref name="path"/> until both replicas answered twice; every answer goes to <paramref name="check"/>.</summary>
    public async Task<IReadOnlyList<Answer>> ReadAsync(
        DriveApiClient client, string path, Action<Answer> check, CancellationToken ct, string? ifNoneMatch = null)
    {
        var hops = FilesReplicas.ToDictionary(r => $"Drive.Files/{host.ProcessIdOf(r)}", r => r);
        var answers = new List<Answer>();
        for (var read = 0; read < MostReads; read++)
        {
            var answer = await GetAsync(client, path, hops, ifNoneMatch, ct);
            check(answer);
            answers.Add(answer);
            if (FilesReplicas.All(r => answers.Count(a => a.Replica == r) >= 2))
            {
                return answers;
            }
        }

        Assert.Fail($"Both files replicas did not answer {path} twice in {MostReads} reads: "
            + string.Join(", ", answers.Select(a => a.Replica)));
        return answers;
    }

    private static async Task<Answer> GetAsync(
        DriveApiClient client, string path, Dictionary<string, string> hops, string? ifNoneMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        using var response = await client.Api.SendAsync(request, ct);
        var servedBy = response.Headers.TryGetValues(HostingExtensions.ServedByHeader, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).FirstOrDefault(hops.ContainsKey)
            : null;
        var text = await response.Content.ReadAsStringAsync(ct);
        return new Answer(
            servedBy is null ? "unknown" : hops[servedBy],
            response.StatusCode,
            response.Headers.ETag?.ToString(),
            text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
    }
}
