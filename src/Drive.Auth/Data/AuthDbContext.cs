using Drive.Auth.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Drive.Auth.Data;

/// <summary>Accounts and refresh tokens.</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options)
{
    /// <summary>Accounts.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>Refresh tokens, current and past.</summary>
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Email).HasMaxLength(AccountRules.MaxEmailLength);
            user.Property(u => u.DisplayName).HasMaxLength(AccountRules.MaxDisplayNameLength);
            user.Property(u => u.PasswordHash).HasMaxLength(200);
            user.HasIndex(u => u.Email).IsUnique();
        });

        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.Property(t => t.TokenHash).HasMaxLength(32);
            token.Property(t => t.Version).IsRowVersion();
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
