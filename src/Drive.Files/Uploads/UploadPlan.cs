using System.Text;

namespace Drive.Files.Uploads;

/// <summary>How a file of a given size is cut into parts, and the block ids of those parts.</summary>
public static class UploadPlan
{
    /// <summary>The most blocks a block blob may have.</summary>
    public const int MaxBlocks = 50_000;

    /// <summary>
    /// Returns the part size and count: one part up to <paramref name="partSize"/>, otherwise parts of
    /// <paramref name="partSize"/>, grown in whole MiB when the file would need more than 50,000 blocks.
    /// </summary>
    public static (long PartSize, int PartCount) For(long size, long partSize)
    {
        if (size <= partSize)
        {
            return (Math.Max(size, 1), 1);
        }

        const long MiB = 1024 * 1024;
        var minimum = (size + MaxBlocks - 1) / MaxBlocks;
        var chosen = Math.Max(partSize, (minimum + MiB - 1) / MiB * MiB);
        return (chosen, (int)((size + chosen - 1) / chosen));
    }

    /// <summary>The base64 block id of a 1-based part number; every id has the same length, as storage requires.</summary>
    public static string BlockId(int number) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"part-{number:D6}"));

    /// <summary>Offset and length of a 1-based part.</summary>
    public static (long Offset, long Length) Range(long size, long partSize, int number)
    {
        var offset = (number - 1) * partSize;
        return (offset, Math.Min(partSize, size - offset));
    }
}
