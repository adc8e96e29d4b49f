namespace Drive.Tests;

/// <summary>The checkout the tests were built from.</summary>
public static class Repository
{
    private static readonly Lazy<string?> FoundRoot = new(FindRoot);

    /// <summary>The folder holding Drive.sln above the test binaries, or null when they were copied elsewhere.</summary>
    public static string? RootOrNull => FoundRoot.Value;

    /// <summary>The folder holding Drive.sln; fails when the test binaries do not sit inside a checkout.</summary>
    public static string Root => FoundRoot.Value
        ?? throw new InvalidOperationException("Drive.sln not found above the test binaries.");

    private static string? FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Drive.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
