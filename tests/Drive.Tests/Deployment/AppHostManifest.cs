using System.Diagnostics;
using System.Text.Json;

namespace Drive.Tests.Deployment;

/// <summary>
/// The deployment manifest azd reads, made the way azd makes it: the built AppHost run in publish mode with the
/// manifest publisher. Publish mode only writes the file; no server, container or service is started.
/// </summary>
public sealed class AppHostManifest : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "drive-manifest-" + Guid.NewGuid().ToString("N"));
    private JsonDocument? _document;

    /// <summary>The manifest's resources by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Resources { get; private set; } =
        new Dictionary<string, JsonElement>();

    /// <summary>Names of the resources of the given manifest type, such as <c>project.v0</c>.</summary>
    public IReadOnlyList<string> NamesOfType(string type) =>
        Resources.Where(resource => Type(resource.Value) == type).Select(resource => resource.Key).Order().ToList();

    /// <summary>A resource's manifest type.</summary>
    public static string? Type(JsonElement resource) =>
        resource.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>A resource's environment variables; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Environment(string name) =>
        Resources[name].TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(variable => variable.Name, variable => variable.Value.GetString() ?? "")
            : new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "aspire-manifest.json");
        var appHost = Path.Combine(AppContext.BaseDirectory, "Drive.AppHost.dll");
        var startInfo = new ProcessStartInfo("dotnet", [appHost, "--publisher", "manifest", "--output-path", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException("dotnet could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not write its manifest within {Timeout}.");
        }

        Assert.True(process.ExitCode == 0 && File.Exists(path),
            $"The AppHost exited {process.ExitCode} without a manifest:\n{await output}\n{await errors}");
        _document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Resources = _document.RootElement.GetProperty("resources").EnumerateObject()
            .ToDictionary(resource => resource.Name, resource => resource.Value);
    }

    public Task DisposeAsync()
    {
        _document?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
