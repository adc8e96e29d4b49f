using YamlDotNet.RepresentationModel;

namespace Drive.Tests.Deployment;

/// <summary>The parts of a kustomization.yaml the tests need.</summary>
internal static class Kustomization
{
    /// <summary>
    /// The files listed under <c>resources</c> of <paramref name="folder"/>/kustomization.yaml, as full paths, in
    /// their order. Folders (other kustomizations) are not expected in a base and fail the read.
    /// </summary>
    public static IReadOnlyList<string> ResourceFiles(string folder)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(folder, "kustomization.yaml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (!root.Children.TryGetValue(new YamlScalarNode("resources"), out var resources))
        {
            return [];
        }

        return ((YamlSequenceNode)resources).Children
            .Select(entry => Path.GetFullPath(Path.Combine(folder, ((YamlScalarNode)entry).Value!)))
            .Select(path => File.Exists(path) ? path : throw new FileNotFoundException(
                $"{folder}/kustomization.yaml lists {path}, which is not a file.", path))
            .ToList();
    }
}
