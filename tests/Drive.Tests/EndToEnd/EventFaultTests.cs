using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Drive.Tests.Scaling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Drive.Tests.EndToEnd;

/// <summary>
/// Events survive their faults: uploads made while the broker is down get their thumbnails once it is back, and a
/// thumbnail worker killed mid-batch loses and repeats nothing. Each test puts the shared Drive back as it found it.
/// </summary>
[Collection(DriveCollection.Name)]
public sealed class EventFaultTests(DriveAppFixture drive, ITestOutputHelper output)
{
    private const string Broker = "rabbitmq";
    private static readonly string[] ThumbnailReplicas = ["thumbnails", "thumbnails-2"];

    [Fact]
    public async Task Uploads_made_while_the_broker_is_down_get_every_thumbnail_once_it_is_back()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = deadline.Token;
        var clock = Stopwatch.StartNew();
        using var client = await SignedUpAsync(ct);
        var amqp = new Uri(await drive.Host.GetConnectionStringAsync(Broker, ct));

        try
        {
            // 1. The broker stops, and nothing listens on its port any more.
            await drive.Host.StopAsync(Broker, ct);
            Assert.False(await AcceptsConnectionsAsync(amqp, ct), $"the broker still listens on {amqp.Port}");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: broker stopped");

            // 2. Fifty photos upload without it, and none can have a thumbnail yet.
            var ids = await UploadPhotosAsync(client, 50, ct);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {ids.Count} uploads acknowledged");
            foreach (var id in ids)
            {
                Assert.Equal("pending", (await client.GetItemAsync(id, ct)).Thumbnail?.State);
            }

            // 3. The broker starts again; every thumbnail arrives, each exactly once.
            await drive.Host.RestartAsync(Broker, ct);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: broker healthy again");
            await ThumbnailLedger.AssertAllReadyOnceAsync(drive, client, ids, output, ct);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {ids.Count} thumbnails ready, each made once");
        }
        finally
        {
            await RestoreBrokerAsync();
        }
    }

    [Fact]
    public async Task Killing_the_thumbnail_workers_mid_batch_loses_and_repeats_no_thumbnail()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = deadline.Token;
        var clock = Stopwatch.StartNew();
        using var client = await SignedUpAsync(ct);
        var killed = new List<string>();

        try
        {
            // 1. Thirty photos, the largest first, uploaded four at a time.
            var uploaded = new ConcurrentQueue<Guid>();
            var uploads = UploadPhotosAsync(client, 30, ct, uploaded.Enqueue);

            // 2. As soon as one thumbnail is ready while others are still pending, SIGKILL both workers; the uploads
            //    go on without them.
            var (ready, pending) = (0, 0);
            while (ready == 0 || pending == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                if (uploads.IsFaulted)
                {
                    await uploads;
                }

                var states = await Task.WhenAll(uploaded.ToArray().Select(id => client.GetItemAsync(id, ct)));
                ready = states.Count(s => s.Thumbnail?.State is "ready");
                pending = states.Count(s => s.Thumbnail?.State is "pending");
                Assert.False(uploads.IsCompleted && pending == 0,
                    "every thumbnail was ready before the workers could be killed");
            }

            foreach (var replica in ThumbnailReplicas)
            {
                ReplicaSignal.Send(drive.Host, replica, "Drive.Thumbnails", "KILL", output);
                killed.Add(replica);
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: SIGKILL both workers with {ready} ready, "
                + $"{pending} pending, {uploaded.Count} of 30 uploaded");
            var ids = await uploads;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {ids.Count} uploads acknowledged");

            // 3. Both start again; every thumbnail arrives, none failed, each made once.
            await Task.WhenAll(ThumbnailReplicas.Select(replica => drive.Host.RestartAsync(replica, ct)));
            killed.Clear();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: both workers healthy again");
            await ThumbnailLedger.AssertAllReadyOnceAsync(drive, client, ids, output, ct);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {ids.Count} thumbnails ready, each made once");
        }
        finally
        {
            using var restore = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await Task.WhenAll(killed.Select(replica => drive.Host.RestartAsync(replica, restore.Token)));
        }
    }

    private async Task<DriveApiClient> SignedUpAsync(CancellationToken ct)
    {
        var client = drive.CreateClient();
        await client.SignUpAsync(ct);
        return client;
    }

    /// <summary>
    /// Uploads <paramref name="count"/> corpus photos, four at a time, into the user's root folder, telling
    /// <paramref name="uploaded"/> each new item's id as its upload is acknowledged.
    /// </summary>
    private static async Task<List<Guid>> UploadPhotosAsync(
        DriveApiClient client, int count, CancellationToken ct, Action<Guid>? uploaded = null)
    {
        var root = await client.GetRootAsync(ct);
        var photos = Corpus.Photos(count);
        var ids = new Guid[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (index, token) =>
            {
                ids[index] = (await client.UploadAsync(
                    root.Id, photos[index].Name, await File.ReadAllBytesAsync(photos[index].FullName, token), token)).Id;
                uploaded?.Invoke(ids[index]);
            });
        Assert.Equal(count, ids.Distinct().Count());
        return [.. ids];
    }

    /// <summary>Leaves the broker running for the other tests, whatever happened to this one.</summary>
    private async Task RestoreBrokerAsync()
    {
        using var restore = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        if (drive.Host.App.ResourceNotifications.TryGetCurrentState(Broker, out var state)
            && state.Snapshot.State?.Text is "Running" && state.Snapshot.HealthStatus is HealthStatus.Healthy)
        {
            return;
        }

        if (state?.Snapshot.State?.Text is not "Running" and not "Starting")
        {
            await drive.Host.RestartAsync(Broker, restore.Token);
            return;
        }

        await drive.Host.App.ResourceNotifications.WaitForResourceHealthyAsync(Broker, restore.Token);
    }

    private static async Task<bool> AcceptsConnectionsAsync(Uri address, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync("127.0.0.1", address.Port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
