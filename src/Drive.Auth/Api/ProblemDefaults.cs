using Microsoft.AspNetCore.Diagnostics;

namespace Drive.Auth.Api;

/// <summary>Details for the problem+json answers the framework writes itself (bad body, missing token).</summary>
public static class ProblemDefaults
{
    /// <summary>Makes a malformed body a 400 and gives framework-made problems a detail that says what to fix.</summary>
    public static IServiceCollection AddProblemDefaults(this IServiceCollection services)
    {
        services.Configure<ExceptionHandlerOptions>(options =>
            options.StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : 500);

        services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status400BadRequest =>
                    "The request body could not be read. Send a JSON object with the documented fields.",
                StatusCodes.Status401Unauthorized =>
                    "Send a valid access token as 'Authorization: Bearer <token>'; sign in or refresh to get one.",
                StatusCodes.Status404NotFound => "There is no endpoint at this path. Check the API reference.",
                StatusCodes.Status405MethodNotAllowed => "This path does not accept this HTTP method.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as 'Content-Type: application/json'.",
                _ => null,
            };
        });
        return services;
    }
}
