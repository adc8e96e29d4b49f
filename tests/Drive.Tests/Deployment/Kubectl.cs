namespace Drive.Tests.Deployment;

/// <summary>
/// kubectl's built-in kustomize, used offline (<c>kubectl kustomize</c> reads files and talks to no cluster).
/// The machine image ships kubectl and no registry this project reaches has a current one, so ./drive installs
/// nothing for it: where a machine has none, the tests that need it are skipped and say so.
/// </summary>
internal static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>kubectl's full path, or null when it is not on PATH.</summary>
    public static string? Path { get; } = FindOnPath("kubectl");

    /// <summary>Renders the kustomization in <paramref name="folder"/> and returns the YAML it prints.</summary>
    public static async Task<string> KustomizeAsync(string folder, CancellationToken cancellationToken)
    {
        var kubectl = Path ?? throw new InvalidOperationException("kubectl is not on PATH.");
        var result = await ToolProcess.RunAsync(kubectl, ["kustomize", folder], Timeout, cancellationToken);

        return result.ExitCode == 0
            ? result.Output
            : throw new Xunit.Sdk.XunitException($"kubectl kustomize {folder} failed: {result.Error}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that is skipped, saying why, on a machine without kubectl.</summary>
internal sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null)
        {
            Skip = "kubectl is not on PATH, so kustomize cannot render the manifests here.";
        }
    }
}
