using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.ServiceDefaults.Problems;

/// <summary>
/// Details for the problem+json answers the framework writes itself (a body it cannot read, a missing token, an
/// unknown path), so that every Drive service tells the client what to fix in the same words.
/// </summary>
public static class ProblemDefaults
{
    /// <summary>Adds problem details, makes a malformed request a 4xx and fills in a detail where none is set.</summary>
    public static IServiceCollection AddDriveProblemDetails(this IServiceCollection services)
    {
        services.Configure<ExceptionHandlerOptions>(options =>
            options.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : 500);

        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= DetailFor(context.ProblemDetails.Status));
    }

    private static string? DetailFor(int? status) => status switch
    {
        StatusCodes.Status400BadRequest =>
            "The request could not be read. Send a JSON object with the documented fields and types.",
        StatusCodes.Status401Unauthorized =>
            "Send a valid access token as 'Authorization: Bearer <token>'; sign in or refresh to get one.",
        StatusCodes.Status403Forbidden => "This access token does not allow this request.",
        StatusCodes.Status404NotFound => "There is nothing at this path. Check the API reference at /api/docs.",
        StatusCodes.Status405MethodNotAllowed => "This path does not accept this HTTP method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as 'Content-Type: application/json'.",
        _ => null,
    };
}
