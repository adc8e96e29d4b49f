using System.Text.Json.Nodes;

namespace Drive.Tests.Deployment;

/// <summary>One YAML document of a manifest file, as the schema checker parsed and judged it.</summary>
/// <param name="Source">The file it came from.</param>
/// <param name="Index">Its position in that file, from 0.</param>
/// <param name="ApiVersion">Its apiVersion, when it has one.</param>
/// <param name="Kind">Its kind, when it has one.</param>
/// <param name="Name">Its metadata.name, when it has one.</param>
/// <param name="Object">The document as parsed (YAML 1.2 types kept), or null when it did not parse.</param>
/// <param name="Errors">What its schema found wrong with it; empty when it is valid.</param>
internal sealed record ManifestDocument(
    string Source, int Index, string? ApiVersion, string? Kind, string? Name, JsonObject? Object,
    IReadOnlyList<string> Errors)
{
    /// <summary>The parsed document; fails the test when it did not parse.</summary>
    public JsonObject Body => Object ?? throw new InvalidOperationException($"{this} did not parse: {Describe()}");

    /// <summary>The document's <c>spec</c>.</summary>
    public JsonNode Spec => Body["spec"] ?? throw new InvalidOperationException($"{this} has no spec.");

    /// <summary>Its errors on one line each, prefixed with where it came from.</summary>
    public string Describe() => string.Join(Environment.NewLine, Errors.Select(error => $"{this}: {error}"));

    /// <inheritdoc />
    public override string ToString() =>
        $"{Path.GetFileName(Source)}#{Index} {ApiVersion}/{Kind} {Name}".Replace("//", "/", StringComparison.Ordinal);
}

/// <summary>Every document of a set of manifest files, with lookups by kind and name.</summary>
internal sealed class ManifestSet(IReadOnlyList<ManifestDocument> documents)
{
    /// <summary>The documents, in file order.</summary>
    public IReadOnlyList<ManifestDocument> Documents => documents;

    /// <summary>What the schemas found wrong, one line per error, naming the document.</summary>
    public IReadOnlyList<string> Problems() =>
        documents.Where(d => d.Errors.Count > 0).Select(d => d.Describe()).ToList();

    /// <summary>Every document of <paramref name="kind"/>.</summary>
    public IEnumerable<ManifestDocument> OfKind(string kind) => documents.Where(d => d.Kind == kind);

    /// <summary>The <paramref name="kind"/> named <paramref name="name"/>; fails unless there is exactly one.</summary>
    public ManifestDocument Single(string kind, string name)
    {
        var matches = documents.Where(d => d.Kind == kind && d.Name == name).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new Xunit.Sdk.XunitException($"Expected one {kind} named '{name}', found {matches.Count}.");
    }
}
