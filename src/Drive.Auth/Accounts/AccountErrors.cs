namespace Drive.Auth.Accounts;

/// <summary>An expected way for an account operation to fail; mapped to HTTP in <see cref="Api.AuthProblems"/>.</summary>
public abstract record AccountError;

/// <summary>The request's fields break <see cref="AccountRules"/>.</summary>
/// <param name="Errors">Problems by field name.</param>
public sealed record ValidationFailed(IReadOnlyDictionary<string, string[]> Errors) : AccountError;

/// <summary>Another account already uses the e-mail address.</summary>
public sealed record EmailTaken : AccountError;

/// <summary>Unknown e-mail address or wrong password; deliberately not told apart.</summary>
public sealed record InvalidCredentials : AccountError;

/// <summary>The refresh token is unknown, expired, revoked or already used.</summary>
public sealed record InvalidRefreshToken : AccountError;

/// <summary>The token's account no longer exists.</summary>
public sealed record AccountNotFound : AccountError;

/// <summary>Either the value of a successful operation or the error it ended with.</summary>
/// <typeparam name="T">The success value.</typeparam>
public sealed record Outcome<T>
{
    private Outcome(T? value, AccountError? error) => (Value, Error) = (value, error);

    /// <summary>The result, when <see cref="Error"/> is null.</summary>
    public T? Value { get; }

    /// <summary>Why the operation failed, or null.</summary>
    public AccountError? Error { get; }

    /// <summary>A success.</summary>
    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static implicit operator Outcome<T>(AccountError error) => new(default, error);
}
