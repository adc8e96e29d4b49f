namespace Drive.Tests.Deployment;

/// <summary>Where the Kubernetes manifests and their schema checker live in the repository.</summary>
internal static class ManifestPaths
{
    /// <summary>The repository's root: the first folder above the test binaries that holds Drive.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>deploy/kubernetes.</summary>
    public static string KubernetesRoot => Path.Combine(RepositoryRoot, "deploy", "kubernetes");

    /// <summary>deploy/kubernetes/base, the kustomization every overlay builds on.</summary>
    public static string Base => Path.Combine(KubernetesRoot, "base");

    /// <summary>tools/kubernetes-schemas, whose node_modules ./drive setup installs.</summary>
    public static string SchemaTool => Path.Combine(RepositoryRoot, "tools", "kubernetes-schemas");

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Drive.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Drive.sln not found above the test binaries.");
    }
}
