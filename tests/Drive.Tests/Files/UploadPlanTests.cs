using System.Text;
using Drive.Files;
using Drive.Files.Items;
using Drive.Files.Uploads;

namespace Drive.Tests.Files;

public sealed class UploadPlanTests
{
    private const long MiB = 1024 * 1024;
    private const long PartSize = 8 * MiB;

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(1L, 1)]
    [InlineData(8 * MiB, 1)]
    [InlineData(8 * MiB + 1, 2)]
    [InlineData(1024 * MiB, 128)]
    public void Cuts_files_in_8_MiB_parts(long size, int expectedParts)
    {
        var (partSize, partCount) = UploadPlan.For(size, PartSize);

        Assert.Equal(expectedParts, partCount);
        if (partCount > 1)
        {
            Assert.Equal(PartSize, partSize);
        }
    }

    [Fact]
    public void Parts_cover_the_file_exactly()
    {
        const long size = 20_000_000;
        var (partSize, partCount) = UploadPlan.For(size, PartSize);

        var ranges = Enumerable.Range(1, partCount).Select(n => UploadPlan.Range(size, partSize, n)).ToList();

        Assert.Equal(0, ranges[0].Offset);
        Assert.Equal(size, ranges.Sum(r => r.Length));
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.Equal(pair.First.Offset + pair.First.Length, pair.Second.Offset));
    }

    [Fact]
    public void Grows_parts_so_the_largest_file_fits_in_50000_blocks()
    {
        var (partSize, partCount) = UploadPlan.For(FilesOptions.MaxFileSize, PartSize);

        Assert.True(partCount <= UploadPlan.MaxBlocks);
        Assert.Equal(0, partSize % MiB);
        Assert.True(partSize * partCount >= FilesOptions.MaxFileSize);
    }

    [Fact]
    public void Block_ids_are_base64_of_equal_length()
    {
        var ids = new[] { 1, 9, 10, 999, 50_000 }.Select(UploadPlan.BlockId).ToList();

        Assert.Single(ids.Select(id => id.Length).Distinct());
        Assert.Equal("part-000001", Encoding.ASCII.GetString(Convert.FromBase64String(ids[0])));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("IMG_0001.JPG", "application/octet-stream", true)]
    [InlineData("scan", "image/png", true)]
    [InlineData("drawing.svg", "", true)]
    [InlineData("photo.heic", "application/octet-stream", true)]
    [InlineData("notes.txt", "text/plain", false)]
    [InlineData("archive.zip", "application/zip", false)]
    public void Marks_images_for_a_thumbnail(string name, string contentType, bool expected) =>
        Assert.Equal(expected, ImageTypes.LooksLikeImage(name, contentType));
}
