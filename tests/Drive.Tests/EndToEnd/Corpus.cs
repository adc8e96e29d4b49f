namespace Drive.Tests.EndToEnd;

/// <summary>
/// The corpus of real files that <c>shared/corpus/build.sh</c> makes; <c>./drive test</c> builds it into
/// <c>.state/corpus</c>, and <c>DRIVE_CORPUS_DIR</c> points elsewhere.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The corpus folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>
    /// <paramref name="count"/> photographs, the largest first, then an even spread of the rest so sizes vary.
    /// </summary>
    public static IReadOnlyList<FileInfo> Photos(int count)
    {
        var photos = new DirectoryInfo(Path.Combine(Directory, "photos")).GetFiles("*.jpg")
            .OrderByDescending(file => file.Length)
            .ToList();
        Assert.True(photos.Count >= count, $"the corpus holds {photos.Count} photos; {count} are needed");

        var step = (double)(photos.Count - 1) / (count - 1);
        return Enumerable.Range(0, count).Select(i => photos[(int)Math.Round(i * step)]).ToList();
    }

    private static string FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("DRIVE_CORPUS_DIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return Repository.RootOrNull is { } root
            ? Path.Combine(root, ".state", "corpus")
            : throw new InvalidOperationException("Drive.sln not found above the test binaries; set DRIVE_CORPUS_DIR.");
    }
}
