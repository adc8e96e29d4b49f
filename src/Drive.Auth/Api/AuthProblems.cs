using Drive.Auth.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drive.Auth.Api;

/// <summary>The one place where account errors become problem+json responses.</summary>
public static class AuthProblems
{
    /// <summary>The HTTP answer for <paramref name="error"/>.</summary>
    public static ProblemHttpResult ToProblem(AccountError error) => error switch
    {
        ValidationFailed invalid => TypedResults.Problem(new HttpValidationProblemDetails(
            invalid.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = "Correct the fields listed under 'errors' and send the request again.",
        }),
        EmailTaken => Problem(StatusCodes.Status409Conflict, "E-mail address already registered",
            "An account with this e-mail address exists. Sign in, or register with another address."),
        InvalidCredentials => Problem(StatusCodes.Status401Unauthorized, "Sign-in failed",
            "The e-mail address or the password is wrong. Check both and try again."),
        InvalidRefreshToken => Problem(StatusCodes.Status401Unauthorized, "Refresh token refused",
            "The refresh token is unknown, expired, revoked or was already used. Sign in again."),
        AccountNotFound => Problem(StatusCodes.Status404NotFound, "Account not found",
            "The account this access token was issued for no longer exists. Sign in again."),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "An account error has no HTTP mapping."),
    };

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
