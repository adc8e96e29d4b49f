using Drive.Bench;
using Drive.Client;

// ./drive bench [name ...]: boots the whole Drive on free ports and prints each figure beside a baseline from the same
// run. With no names every benchmark runs; the scaling, rate-limit and cache benchmarks boot their own Drives, after the
// others are done.
if (args is [BareLibrary.Command, .. var bareArguments])
{
    return BareLibrary.RunChild(bareArguments);
}

string[] sharedDrive = ["thumbnails", "upload", "listing", "cdn"];
string[] all = [.. sharedDrive, "scaling", "ratelimit", "cache"];
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
    await using var drive = await BenchDrive.StartAsync();
    using var client = new DriveApiClient(drive.PublicAddress);
    await client.SignUpAsync(ct);
    var root = await client.GetRootAsync(ct);

    if (selected.Contains("thumbnails"))
    {
        await ThumbnailBenchmark.RunAsync(drive, client, root.Id, corpus, ct);
    }

    if (selected.Contains("upload"))
    {
        await UploadBenchmark.RunAsync(client, root.Id, await drive.GetConnectionStringAsync("blobs", ct), ct);
    }

    if (selected.Contains("listing"))
    {
        await ListingBenchmark.RunAsync(client, root.Id, drive.EndpointOf("files"), ct);
    }

    if (selected.Contains("cdn"))
    {
        await CdnBenchmark.RunAsync(drive.PublicAddress, corpus, ct);
    }
}

if (selected.Contains("scaling"))
{
    await ScalingBenchmark.RunAsync(ct);
}

if (selected.Contains("ratelimit"))
{
    await RateLimitBenchmark.RunAsync(ct);
}

if (selected.Contains("cache"))
{
    await CacheBenchmark.RunAsync(ct);
}

return 0;
