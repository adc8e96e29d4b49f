using Drive.Bench;
using Drive.Client;
using Drive.TestHost;

// ./drive bench [name ...]: boots the whole Drive on free ports and prints each figure beside a baseline from the same
// run. With no names every benchmark runs; the scaling and cache benchmarks boot their own Drives, after the others.
string[] sharedDrive = ["thumbnails", "upload", "listing"];
string[] all = [.. sharedDrive, "scaling", "cache"];
var selected = args.Length == 0 ? all : args.Select(name => name.ToLowerInvariant()).ToArray();
if (selected.Except(all).ToArray() is { Length: > 0 } unknown)
{
    Console.Error.WriteLine($"No benchmark named {string.Join(", ", unknown)}. Choose from {string.Join(", ", all)}.");
    return 2;
}

var corpus = Environment.GetEnvironmentVariable("DRIVE_CORPUS_DIR")
    ?? Path.Combine(Directory.GetCurrentDirectory(), ".state", "corpus");
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(50));
var ct = timeout.Token;

Console.WriteLine($"Drive bench on {Environment.ProcessorCount} cores: {string.Join(", ", selected)}; corpus {corpus}");
if (selected.Intersect(sharedDrive).Any())
{
    await using var drive = await DriveHost.StartAsync(TimeSpan.FromMinutes(5));
    using var client = new DriveApiClient(drive.PublicAddress);
    await client.SignUpAsync(ct);
    var root = await client.GetRootAsync(ct);

    var blobs = await drive.GetConnectionStringAsync("blobs", ct);
    if (selected.Contains("thumbnails"))
    {
        await ThumbnailBenchmark.RunAsync(client, root.Id, corpus, blobs, ct);
    }

    if (selected.Contains("upload"))
    {
        await UploadBenchmark.RunAsync(client, root.Id, blobs, ct);
    }

    if (selected.Contains("listing"))
    {
        await ListingBenchmark.RunAsync(client, root.Id, drive.EndpointOf("files"), ct);
    }
}

if (selected.Contains("scaling"))
{
    await ScalingBenchmark.RunAsync(ct);
}

if (selected.Contains("cache"))
{
    await CacheBenchmark.RunAsync(ct);
}

return 0;
