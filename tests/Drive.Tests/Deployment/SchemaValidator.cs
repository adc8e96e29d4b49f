using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drive.Tests.Deployment;

/// <summary>
/// Runs tools/kubernetes-schemas/validate.mjs, which checks each document against the Kubernetes OpenAPI schemas
/// (npm kubernetes-models) or KEDA's CRD schemas (npm @kubernetes-models/keda). Both catch wrong types, missing
/// required fields and values outside an enum; neither rejects an unknown field, which <see cref="StrictFieldReader"/>
/// does for the built-in kinds.
/// </summary>
internal static class SchemaValidator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Parses and checks every document of <paramref name="files"/>.</summary>
    public static async Task<ManifestSet> ValidateAsync(IEnumerable<string> files, CancellationToken cancellationToken)
    {
        var script = Path.Combine(ManifestPaths.SchemaTool, "validate.mjs");
        if (!Directory.Exists(Path.Combine(ManifestPaths.SchemaTool, "node_modules", "kubernetes-models")))
        {
            throw new InvalidOperationException(
                "The schema packages are missing. Run ./drive setup, or npm ci --prefix tools/kubernetes-schemas.");
        }

        var result = await ToolProcess.RunAsync("node", [script, .. files], Timeout, cancellationToken);

        // Exit 1 means "some document is invalid" and still prints the report; anything else is a broken run.
        if (result.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"validate.mjs exited {result.ExitCode}: {result.Error}");
        }

        return Parse(result.Output);
    }

    /// <summary>Checks <paramref name="yaml"/>, written to a temporary file, and returns its documents.</summary>
    public static async Task<ManifestSet> ValidateTextAsync(string yaml, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"drive-manifest-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, cancellationToken);
        try
        {
            return await ValidateAsync([file], cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ManifestSet Parse(string json)
    {
        var report = JsonNode.Parse(json)?["documents"]?.AsArray()
            ?? throw new InvalidOperationException($"validate.mjs printed no report: {json}");

        return new ManifestSet(report.Select(node => new ManifestDocument(
            node!["source"]!.GetValue<string>(),
            node["index"]!.GetValue<int>(),
            Text(node["apiVersion"]),
            Text(node["kind"]),
            Text(node["name"]),
            node["object"] as JsonObject,
            node["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList())).ToList());
    }

    private static string? Text(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();
}
