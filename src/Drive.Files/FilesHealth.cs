using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drive.Files;

/// <summary>
/// The JSON answer of the files service's <c>/health</c>: the overall status and each check's status and
/// description, such as the cache saying Redis is unreachable. Degraded still answers 200.
/// </summary>
public static class FilesHealth
{
    /// <summary>Makes <c>/health</c> (mapped without options) answer JSON; <c>/ready</c> and <c>/alive</c> keep plain text.</summary>
    public static IServiceCollection AddFilesHealthAnswer(this IServiceCollection services) =>
        services.Configure<HealthCheckOptions>(options => options.ResponseWriter = WriteAsync);

    private static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new HealthAnswer(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new CheckAnswer(e.Value.Status.ToString(), e.Value.Description))));

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, CheckAnswer> Checks);

    private sealed record CheckAnswer(string Status, string? Description);
}
