using Drive.TestHost;

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
