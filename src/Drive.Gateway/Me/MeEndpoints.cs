using Drive.ReverseProxy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drive.Gateway.Me;

/// <summary>The signed-in user's summary: the account from Drive.Auth, the storage use from Drive.Files.</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="DisplayName">Display name.</param>
/// <param name="UsedBytes">Bytes stored.</param>
/// <param name="QuotaBytes">Bytes allowed.</param>
public sealed record MeResponse(Guid Id, string Email, string DisplayName, long UsedBytes, long QuotaBytes);

/// <summary><c>GET /api/me</c>, answered by the gateway from two backends.</summary>
public static class MeEndpoints
{
    /// <summary>Maps <c>/api/me</c>; the token is checked here and again by each backend.</summary>
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/me")
            .WithTags("Me")
            .RequireAuthorization()
            .MapGet("", GetMeAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The account and its storage use, asked of both services at once.</summary>
    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMeAsync(
        HttpRequest request, AuthApiClient auth, FilesApiClient files, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        var profileTask = auth.GetProfileAsync(authorization, cancellationToken);
        var usageTask = files.GetUsageAsync(authorization, cancellationToken);
        var (profile, usage) = (await profileTask, await usageTask);

        if (profile.Value is not { } account)
        {
            return ToProblem(profile, request.HttpContext.Response);
        }

        if (usage.Value is not { } storage)
        {
            return ToProblem(usage, request.HttpContext.Response);
        }

        return TypedResults.Ok(new MeResponse(
            account.Id, account.Email, account.DisplayName, storage.UsedBytes, storage.QuotaBytes));
    }

    private static ProblemHttpResult ToProblem<T>(BackendReply<T> reply, HttpResponse response) where T : class
    {
        if (reply.Status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status404NotFound))
        {
            response.Headers.RetryAfter = ProxyProblems.RetryAfterSeconds.ToString();
        }

        return reply.Status switch
        {
            StatusCodes.Status401Unauthorized => TypedResults.Problem(new ProblemDetails
            {
                Status = reply.Status,
                Title = "Unauthorized",
                Detail = $"The {reply.Service} service refused the access token. Sign in or refresh, then retry.",
            }),
            StatusCodes.Status404NotFound => TypedResults.Problem(new ProblemDetails
            {
                Status = reply.Status,
                Title = "Account not found",
                Detail = "The account this access token was issued for no longer exists. Sign in again.",
            }),
            _ => TypedResults.Problem(ProxyProblems.ServiceUnavailable(
                $"The {reply.Service} service could not answer (status {reply.Status}). Retry in a few seconds.")),
        };
    }
}
