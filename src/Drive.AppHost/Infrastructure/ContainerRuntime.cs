using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Drive.AppHost.Infrastructure;

/// <summary>Asks the container runtime Aspire would use whether it is up.</summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True when <c>docker info</c> (or <c>podman info</c> where ASPIRE_CONTAINER_RUNTIME says podman) exits 0 within
    /// five seconds. A CLI without a daemon behind it exits non-zero, and so counts as no runtime.
    /// </summary>
    public static bool IsHealthy(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"]
            ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]
            ?? "docker";
        if (LocalProcess.FindOnPath(runtime) is not { } executable)
        {
            return false;
        }

        var startInfo = new ProcessStartInfo(executable, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(startInfo);
        if (process is null)
        {
            return false;
        }

        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return false;
        }

        return process.ExitCode == 0;
    }
}
