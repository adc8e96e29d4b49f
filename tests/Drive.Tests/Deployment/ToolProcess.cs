using System.Diagnostics;

namespace Drive.Tests.Deployment;

/// <summary>What a command-line tool printed and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Error);

/// <summary>Runs a command-line tool to the end, capturing what it prints.</summary>
internal static class ToolProcess
{
    /// <summary>Runs <paramref name="command"/>; kills it and throws once <paramref name="timeout"/> passed.</summary>
    public static async Task<ToolResult> RunAsync(
        string command, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"{command} did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ToolResult(process.ExitCode, await output, await error);
    }
}
