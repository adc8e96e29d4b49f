using Drive.Bench;
using Drive.Client;
using Drive.TestHost;

// ./drive bench: boots the whole Drive on free ports and prints each figure beside a baseline from the same run.
var corpus = Environment.GetEnvironmentVariable("DRIVE_CORPUS_DIR")
    ?? Path.Combine(Directory.GetCurrentDirectory(), ".state", "corpus");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(40));
var ct = timeout.Token;

Console.WriteLine($"Drive bench on {Environment.ProcessorCount} cores; corpus {corpus}");
await using var drive = await DriveHost.StartAsync(TimeSpan.FromMinutes(5));
using var client = new DriveApiClient(drive.PublicAddress);
await client.SignUpAsync(ct);
var root = await client.GetRootAsync(ct);

var blobs = await drive.GetConnectionStringAsync("blobs", ct);
await ThumbnailBenchmark.RunAsync(client, root.Id, corpus, blobs, ct);
await UploadBenchmark.RunAsync(client, root.Id, blobs, ct);
await ListingBenchmark.RunAsync(client, root.Id, drive.EndpointOf("files"), ct);
