namespace Drive.Gateway;

/// <summary>The services behind the gateway, by their service-discovery names.</summary>
public static class Backends
{
    /// <summary>Sign-up, sign-in, tokens.</summary>
    public const string Auth = "auth";

    /// <summary>Folders, files, uploads, trash, usage.</summary>
    public const string Files = "files";

    /// <summary>The thumbnail worker.</summary>
    public const string Thumbnails = "thumbnails";

    /// <summary>The single-page app's host.</summary>
    public const string Web = "web";

    /// <summary>Every backend the gateway's readiness depends on.</summary>
    public static readonly IReadOnlyList<string> All = [Auth, Files, Thumbnails, Web];

    /// <summary>The base address service discovery resolves for <paramref name="service"/>.</summary>
    public static Uri BaseAddress(string service) => new($"http://{service}");
}
