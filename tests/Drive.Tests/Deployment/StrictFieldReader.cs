using System.Reflection;
using k8s;
using k8s.Models;

namespace Drive.Tests.Deployment;

/// <summary>
/// Reads a built-in Kubernetes object into KubernetesClient's models (generated from the Kubernetes OpenAPI
/// schema) in strict mode, which rejects every field the schema does not define: the misspellings the OpenAPI
/// schemas themselves let through. Custom resources (KEDA's) have no model here.
/// </summary>
internal static class StrictFieldReader
{
    private static readonly HashSet<string> KnownKinds = typeof(V1Pod).Assembly.GetTypes()
        .Select(type => type.GetCustomAttribute<KubernetesEntityAttribute>())
        .OfType<KubernetesEntityAttribute>()
        .Select(entity => Key(
            string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}",
            entity.Kind))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>True when KubernetesClient has a model for the document's apiVersion and kind.</summary>
    public static bool Knows(ManifestDocument document) => KnownKinds.Contains(Key(document.ApiVersion, document.Kind));

    /// <summary>Why each built-in document of <paramref name="set"/> misfits its model; empty when all fit.</summary>
    public static IReadOnlyList<string> Problems(ManifestSet set) =>
        set.Documents.Where(Knows).Select(Problem).OfType<string>().ToList();

    /// <summary>Why the document does not fit its model, or null when it fits.</summary>
    public static string? Problem(ManifestDocument document)
    {
        try
        {
            // JSON is YAML, and the parsed form keeps the types the YAML file gave each value.
            KubernetesYaml.LoadAllFromString(document.Body.ToJsonString(), typeMap: null, strict: true);
            return null;
        }
        catch (YamlDotNet.Core.YamlException exception)
        {
            return $"{document}: {exception.InnerException?.Message ?? exception.Message}";
        }
    }

    private static string Key(string? apiVersion, string? kind) => $"{apiVersion}/{kind}";
}
