using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Drive.Files.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without running the service.</summary>
internal sealed class DesignTimeFilesDbContextFactory : IDesignTimeDbContextFactory<FilesDbContext>
{
    public FilesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FilesDbContext>().UseNpgsql("Host=127.0.0.1;Database=filesdb").Options);
}
