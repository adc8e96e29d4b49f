namespace Drive.Auth.Accounts;

/// <summary>What an account shows of itself.</summary>
/// <param name="Id">The user id (the token's <c>sub</c>).</param>
/// <param name="Email">Lower-case e-mail address.</param>
/// <param name="DisplayName">Name shown in the front end.</param>
public sealed record UserProfile(Guid Id, string Email, string DisplayName);

/// <summary>Tokens handed out on sign-in and refresh.</summary>
/// <param name="AccessToken">Signed JWT to send as <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">Single-use token that buys the next pair.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);
