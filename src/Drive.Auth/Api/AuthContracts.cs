namespace Drive.Auth.Api;

/// <summary>Body of <c>POST /api/auth/register</c>.</summary>
/// <param name="Email">E-mail address; stored trimmed and lower-case.</param>
/// <param name="Password">8 to 128 characters.</param>
/// <param name="DisplayName">1 to 100 characters.</param>
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

/// <summary>Body of <c>POST /api/auth/login</c>.</summary>
/// <param name="Email">E-mail address the account was registered with.</param>
/// <param name="Password">The account's password.</param>
public sealed record LoginRequest(string? Email, string? Password);

/// <summary>Body of <c>POST /api/auth/refresh</c>.</summary>
/// <param name="RefreshToken">The refresh token from the last sign-in or refresh.</param>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>An account as the API shows it.</summary>
/// <param name="Id">User id.</param>
/// <param name="Email">Lower-case e-mail address.</param>
/// <param name="DisplayName">Name shown in the front end.</param>
public sealed record UserResponse(Guid Id, string Email, string DisplayName);

/// <summary>Answer to sign-in and refresh.</summary>
/// <param name="AccessToken">JWT for <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">Single-use token for the next refresh.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
