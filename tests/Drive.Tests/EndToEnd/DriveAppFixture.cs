using Azure.Storage.Blobs;
using Drive.Files.Data;
using Drive.TestHost;
using Microsoft.EntityFrameworkCore;
using Item = Drive.Client.Item;

namespace Drive.Tests.EndToEnd;

/// <summary>Boots the whole Drive once for every end-to-end test class in <see cref="DriveCollection"/>.</summary>
public sealed class DriveAppFixture : IAsyncLifetime
{
    private DriveHost? _host;

    /// <summary>The running Drive.</summary>
    public DriveHost Host => _host ?? throw new InvalidOperationException("Drive has not started.");

    /// <summary>The gateway's public address, the only one a client uses.</summary>
    public Uri PublicAddress => Host.PublicAddress;

    /// <summary>Creates a client of the public API as a new user would.</summary>
    public DriveApiClient CreateClient() => new(PublicAddress);

    /// <summary>A new user, signed in, with their root folder and a token that bounds the test's waits.</summary>
    public async Task<(DriveApiClient Client, Item Root, CancellationToken Ct)> SignedInAsync()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
        var client = CreateClient();
        await client.SignUpAsync(ct);
        return (client, await client.GetRootAsync(ct), ct);
    }

    /// <summary>A client of the blob storage the services use, for checks the public API cannot make.</summary>
    public async Task<BlobServiceClient> BlobsAsync(CancellationToken ct) =>
        new(await Host.GetConnectionStringAsync("blobs", ct),
            new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    /// <summary>A context on the files service's database, for checks the public API cannot make.</summary>
    public async Task<FilesDbContext> FilesDbAsync(CancellationToken ct) =>
        new(new DbContextOptionsBuilder<FilesDbContext>()
            .UseNpgsql(await Host.GetConnectionStringAsync("filesdb", ct)).Options);

    public async Task InitializeAsync() => _host = await DriveHost.StartAsync(TimeSpan.FromMinutes(8));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Every end-to-end test class shares one running Drive.</summary>
[CollectionDefinition(Name)]
public sealed class DriveCollection : ICollectionFixture<DriveAppFixture>
{
    public const string Name = "Drive";
}
