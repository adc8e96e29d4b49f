using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

namespace Drive.Bench;

/// <summary>
/// 1 GiB through the product's upload flow against the same bytes staged straight into Azurite with the same
/// block size and parallelism.
/// </summary>
public static class UploadBenchmark
{
    private const int BlockSize = 8 * 1024 * 1024;
    private const int Parallelism = 4;
    private const int Size = 1024 * 1024 * 1024;

    public static async Task RunAsync(DriveApiClient client, Guid folderId, string blobConnectionString, CancellationToken ct)
    {
        Report.Section("Upload of 1 GiB (8 MiB blocks, 4 in parallel)");
        var content = GC.AllocateUninitializedArray<byte>(Size);
        RandomNumberGenerator.Fill(content);

        // 1. Baseline: blocks staged and committed straight to storage with the account key.
        var direct = await TimeAsync(() => UploadDirectAsync(blobConnectionString, content, ct));

        // 2. The product: start, parts straight to storage with the signed URLs, complete.
        var product = await TimeAsync(() => client.UploadAsync(folderId, "one-gibibyte.bin", content, ct, declareHash: false));

        var mibPerSecond = (double)Size / (1024 * 1024);
        Report.Figure("upload throughput through Drive", mibPerSecond / product.TotalSeconds, "MiB/s",
            mibPerSecond / direct.TotalSeconds, "straight to Azurite", ">= 0.9");
    }

    private static async Task UploadDirectAsync(string connectionString, byte[] content, CancellationToken ct)
    {
        var container = new BlobContainerClient(connectionString, "bench-baseline");
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        var blob = container.GetBlockBlobClient($"baseline-{Guid.NewGuid():N}");

        var blockIds = Enumerable.Range(0, (content.Length + BlockSize - 1) / BlockSize)
            .Select(i => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{i:D6}")))
            .ToArray();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, blockIds.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (i, token) =>
            {
                var length = Math.Min(BlockSize, content.Length - i * BlockSize);
                using var block = new MemoryStream(content, i * BlockSize, length, writable: false);
                await blob.StageBlockAsync(blockIds[i], block, cancellationToken: token);
            });
        await blob.CommitBlockListAsync(blockIds, cancellationToken: ct);
        await blob.DeleteAsync(cancellationToken: ct);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> operation)
    {
        var watch = Stopwatch.StartNew();
        await operation();
        return watch.Elapsed;
    }
}
