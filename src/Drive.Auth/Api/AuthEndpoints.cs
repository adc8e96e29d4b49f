using System.Security.Claims;
using Drive.Auth.Accounts;
using Drive.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Auth.Api;

/// <summary>The <c>/api/auth</c> endpoints; the gateway forwards them unchanged.</summary>
public static class AuthEndpoints
{
    /// <summary>Maps register, login, refresh and me.</summary>
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/register", RegisterAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/login", LoginAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/refresh", RefreshAsync)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", GetMeAsync)
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Creates an account.</summary>
    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.RegisterAsync(
            request.Email, request.Password, request.DisplayName, cancellationToken);
        return outcome.Value is { } user
            ? TypedResults.Created("/api/auth/me", ToResponse(user))
            : AuthProblems.ToProblem(outcome.Error!);
    }

    /// <summary>Signs in with e-mail address and password.</summary>
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.SignInAsync(request.Email, request.Password, cancellationToken);
        return outcome.Value is { } tokens ? TypedResults.Ok(ToResponse(tokens)) : AuthProblems.ToProblem(outcome.Error!);
    }

    /// <summary>Trades a refresh token for a new token pair.</summary>
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.RefreshAsync(request.RefreshToken, cancellationToken);
        return outcome.Value is { } tokens ? TypedResults.Ok(ToResponse(tokens)) : AuthProblems.ToProblem(outcome.Error!);
    }

    /// <summary>The signed-in account.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, AccountService accounts, CancellationToken cancellationToken)
    {
        var outcome = await accounts.GetProfileAsync(principal.GetUserId(), cancellationToken);
        return outcome.Value is { } user ? TypedResults.Ok(ToResponse(user)) : AuthProblems.ToProblem(outcome.Error!);
    }

    private static UserResponse ToResponse(UserProfile user) => new(user.Id, user.Email, user.DisplayName);

    private static TokenResponse ToResponse(TokenPair tokens) =>
        new(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresIn);
}
