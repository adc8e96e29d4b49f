using Drive.Auth.Data;
using Drive.Auth.Passwords;
using Drive.Auth.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Drive.Auth.Accounts;

/// <summary>Registration, sign-in, token refresh and profile look-up.</summary>
public sealed class AccountService(
    AuthDbContext db,
    IPasswordHasher passwords,
    AccessTokenIssuer accessTokens,
    RefreshTokenGenerator refreshTokens,
    IOptions<RefreshTokenOptions> refreshOptions,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    /// <summary>Creates an account after checking the fields and that the e-mail address is free.</summary>
    public async Task<Outcome<UserProfile>> RegisterAsync(
        string? email, string? password, string? displayName, CancellationToken cancellationToken)
    {
        var normalizedEmail = AccountRules.NormalizeEmail(email);
        var name = (displayName ?? "").Trim();
        var errors = AccountRules.Validate(normalizedEmail, password, name);
        if (errors.Count > 0)
        {
            return new ValidationFailed(errors);
        }

        if (await db.Users.AnyAsync(u => u.Email == normalizedEmail, cancellationToken))
        {
            AuthLog.EmailTaken(logger);
            return new EmailTaken();
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Email = normalizedEmail,
            DisplayName = name,
            PasswordHash = passwords.Hash(password!),
            CreatedAt = time.GetUtcNow(),
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
            when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            AuthLog.EmailTaken(logger);
            return new EmailTaken();
        }

        AuthLog.UserRegistered(logger, user.Id);
        return ToProfile(user);
    }

    /// <summary>
    /// Checks the password and starts a new token family. An unknown address costs the same hashing work as a
    /// wrong password and gets the same answer.
    /// </summary>
    public async Task<Outcome<TokenPair>> SignInAsync(
        string? email, string? password, CancellationToken cancellationToken)
    {
        var normalizedEmail = AccountRules.NormalizeEmail(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalizedEmail, cancellationToken);
        var verification = passwords.Verify(password ?? "", user?.PasswordHash);
        if (user is null || verification == PasswordVerification.Failed)
        {
            AuthLog.SignInRefused(logger);
            return new InvalidCredentials();
        }

        if (verification == PasswordVerification.SucceededRehashNeeded)
        {
            user.PasswordHash = passwords.Hash(password!);
            AuthLog.PasswordRehashed(logger, user.Id);
        }

        var familyId = Guid.NewGuid();
        var tokens = IssueTokens(user, familyId, out var stored);
        db.RefreshTokens.Add(stored);
        await db.SaveChangesAsync(cancellationToken);

        AuthLog.SignedIn(logger, user.Id, familyId);
        return tokens;
    }

    /// <summary>
    /// Swaps a valid refresh token for a new pair and retires it. A retired token presented again means it was
    /// copied: the whole family is revoked, which signs out both the thief and the owner.
    /// </summary>
    public async Task<Outcome<TokenPair>> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 200)
        {
            return Refused("malformed token");
        }

        var hash = RefreshTokenGenerator.HashValue(refreshToken);
        var stored = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null)
        {
            return Refused("unknown token");
        }

        if (stored.ReplacedById is not null)
        {
            return await RevokeFamilyAsync(stored, cancellationToken);
        }

        if (stored.RevokedAt is not null || stored.ExpiresAt <= time.GetUtcNow())
        {
            return Refused("revoked or expired token");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == stored.UserId, cancellationToken);
        if (user is null)
        {
            return Refused("account gone");
        }

        var tokens = IssueTokens(user, stored.FamilyId, out var next);
        stored.RevokedAt = next.CreatedAt;
        stored.ReplacedById = next.Id;
        db.RefreshTokens.Add(next);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request rotated the same token first: the token was used twice.
            db.ChangeTracker.Clear();
            return await RevokeFamilyAsync(stored, cancellationToken);
        }

        AuthLog.TokenRotated(logger, stored.FamilyId);
        return tokens;
    }

    /// <summary>The profile of the account an access token was issued for.</summary>
    public async Task<Outcome<UserProfile>> GetProfileAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? new AccountNotFound() : ToProfile(user);
    }

    private TokenPair IssueTokens(User user, Guid familyId, out RefreshToken stored)
    {
        var now = time.GetUtcNow();
        var access = accessTokens.Issue(user.Id, user.Email, user.DisplayName);
        var refresh = refreshTokens.Create();
        stored = new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = refresh.Hash,
            CreatedAt = now,
            ExpiresAt = now + refreshOptions.Value.Lifetime,
        };
        return new TokenPair(access.Token, refresh.Value, (int)access.Lifetime.TotalSeconds);
    }

    private async Task<AccountError> RevokeFamilyAsync(RefreshToken reused, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.RefreshTokens
            .Where(t => t.FamilyId == reused.FamilyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

        AuthLog.TokenReuseDetected(logger, reused.UserId, reused.FamilyId);
        return new InvalidRefreshToken();
    }

    private AccountError Refused(string reason)
    {
        AuthLog.RefreshRefused(logger, reason);
        return new InvalidRefreshToken();
    }

    private static UserProfile ToProfile(User user) => new(user.Id, user.Email, user.DisplayName);
}
