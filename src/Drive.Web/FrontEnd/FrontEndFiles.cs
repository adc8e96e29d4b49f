using Microsoft.Extensions.FileProviders;

namespace Drive.Web.FrontEnd;

/// <summary>
/// The built single-page app in wwwroot (written by <c>npm run build</c> in ClientApp). The folder is created when
/// missing so that a build made after start is served without a restart.
/// </summary>
public sealed class FrontEndFiles
{
    /// <summary>The page every route of the app answers with.</summary>
    public const string IndexFile = "index.html";

    /// <summary>Creates the provider over <paramref name="environment"/>'s web root.</summary>
    public FrontEndFiles(IWebHostEnvironment environment)
    {
        Root = string.IsNullOrEmpty(environment.WebRootPath)
            ? Path.Combine(environment.ContentRootPath, "wwwroot")
            : environment.WebRootPath;
        Directory.CreateDirectory(Root);
        Provider = new PhysicalFileProvider(Root);
    }

    /// <summary>Absolute path of the web root.</summary>
    public string Root { get; }

    /// <summary>Reads the web root.</summary>
    public IFileProvider Provider { get; }

    /// <summary>Absolute path of index.html.</summary>
    public string IndexPath => Path.Combine(Root, IndexFile);

    /// <summary>Whether the app has been built (index.html is there).</summary>
    public bool IsBuilt => File.Exists(IndexPath);
}
