using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Tests.ReverseProxy;

/// <summary>What the test servers of this folder share.</summary>
internal static class LoopbackServers
{
    /// <summary>The address a started app listens on (started with <c>--urls=http://127.0.0.1:0</c>).</summary>
    public static Uri ListeningAddress(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
