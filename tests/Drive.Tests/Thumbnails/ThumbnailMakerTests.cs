using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Drive.Contracts.Thumbnails;
using Drive.Thumbnails;
using Drive.Thumbnails.Imaging;
using Microsoft.Extensions.Options;
using NetVips;

namespace Drive.Tests.Thumbnails;

public sealed class ThumbnailMakerTests
{
    private readonly ThumbnailMaker maker = Maker(new ThumbnailOptions());

    [Fact]
    public async Task Jpeg_is_shrunk_to_256_pixels_high_keeping_its_aspect_ratio()
    {
        var made = AssertMade(await maker.MakeAsync(Encode(Picture(1024, 768, bands: 3), ".jpg"), CancellationToken.None));

        Assert.Equal((341, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertJpeg(made, 341, 256);
    }

    [Fact]
    public async Task Png_with_alpha_becomes_an_opaque_srgb_jpeg()
    {
        var made = AssertMade(await maker.MakeAsync(Encode(Picture(600, 300, bands: 4), ".png"), CancellationToken.None));

        using var decoded = AssertJpeg(made, 512, 256);
        Assert.Equal(3, decoded.Bands);
        Assert.Equal(Enums.Interpretation.Srgb, decoded.Interpretation);
    }

    [Fact]
    public async Task Animated_gif_gives_its_first_frame()
    {
        using var frame = Picture(200, 120, bands: 3);
        using var strip = frame.Join(frame, Enums.Direction.Vertical).Join(frame, Enums.Direction.Vertical);
        using var animation = strip.Mutate(image => image.Set(GValue.GIntType, "page-height", 120));

        var made = AssertMade(await maker.MakeAsync(animation.GifsaveBuffer(), CancellationToken.None));

        Assert.Equal((200, 120), (made.Thumbnail.Width, made.Thumbnail.Height));
    }

    [Fact]
    public async Task Webp_is_shrunk()
    {
        var made = AssertMade(await maker.MakeAsync(Encode(Picture(800, 400, bands: 3), ".webp"), CancellationToken.None));

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
    }

    [Fact]
    public async Task Small_image_is_not_enlarged()
    {
        var made = AssertMade(await maker.MakeAsync(Encode(Picture(100, 50, bands: 3), ".png"), CancellationToken.None));

        Assert.Equal((100, 50), (made.Thumbnail.Width, made.Thumbnail.Height));
    }

    [Fact]
    public async Task Exif_orientation_is_applied_and_metadata_stripped()
    {
        using var landscape = Picture(400, 200, bands: 3);
        using var rotated = landscape.Mutate(image => image.Set(GValue.GIntType, "orientation", 6));
        var source = rotated.JpegsaveBuffer(keep: Enums.ForeignKeep.All);
        using (var check = Image.NewFromBuffer(source))
        {
            Assert.Equal(6, check.Get("orientation"));
        }

        var made = AssertMade(await maker.MakeAsync(source, CancellationToken.None));

        Assert.Equal((128, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        using var decoded = AssertJpeg(made, 128, 256);
        Assert.False(decoded.Contains("exif-data"));
    }

    [Fact]
    public async Task Truncated_jpeg_is_refused()
    {
        using var noise = Image.Gaussnoise(1600, 1200, mean: 128, sigma: 40).Cast(Enums.BandFormat.Uchar);
        var whole = noise.JpegsaveBuffer(q: 90);

        var outcome = await maker.MakeAsync(whole[..(whole.Length / 2)], CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("truncated", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_over_its_time_limit_is_refused()
    {
        // A deadline that has passed before decoding starts, so the outcome does not depend on the machine's speed.
        var slow = Maker(new ThumbnailOptions { JobTimeout = TimeSpan.Zero });
        using var noise = Image.Gaussnoise(4000, 3000, mean: 128, sigma: 40).Cast(Enums.BandFormat.Uchar);

        var outcome = await slow.MakeAsync(noise.PngsaveBuffer(compression: 1), CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("took longer", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Png_header_claiming_100000_by_100000_pixels_is_refused_without_decoding()
    {
        var source = PngHeaderOnly(100_000, 100_000);
        var started = Stopwatch.GetTimestamp();

        var outcome = await maker.MakeAsync(source, CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("100000x100000", refused.Reason, StringComparison.Ordinal);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Image_wider_than_the_side_limit_is_refused()
    {
        var outcome = await maker.MakeAsync(PngHeaderOnly(40_000, 10), CancellationToken.None);

        Assert.IsType<ThumbnailRefused>(outcome);
    }

    [Fact]
    public async Task File_that_is_not_an_image_is_refused()
    {
        var outcome = await maker.MakeAsync(Encoding.UTF8.GetBytes("GIF87a this is not a picture"), CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("not in a format that can be previewed", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendition_names_follow_the_content_hash_and_group_by_file_and_content()
    {
        var fileId = Guid.NewGuid();
        var (sha, otherSha) = (new string('a', 64), new string('b', 64));

        var thumbnail = ThumbnailBlobNames.Rendition(fileId, sha, 256);
        var preview = ThumbnailBlobNames.Rendition(fileId, sha, 1024);

        Assert.Equal($"{fileId:D}/{sha}-256.jpg", thumbnail);
        Assert.StartsWith(ThumbnailBlobNames.OfFile(fileId), preview, StringComparison.Ordinal);
        Assert.StartsWith(ThumbnailBlobNames.OfContent(fileId, sha), preview, StringComparison.Ordinal);
        Assert.True(ThumbnailBlobNames.SameContent(thumbnail, preview));
        Assert.False(ThumbnailBlobNames.SameContent(thumbnail, ThumbnailBlobNames.Rendition(fileId, otherSha, 256)));
        Assert.False(ThumbnailBlobNames.SameContent(thumbnail, ThumbnailBlobNames.Rendition(Guid.NewGuid(), sha, 256)));
    }

    internal static ThumbnailMaker Maker(ThumbnailOptions settings) =>
        new(Options.Create(settings), new ExternalDecoder(Options.Create(settings)));

    private static ThumbnailMade AssertMade(ThumbnailOutcome outcome) => Assert.IsType<ThumbnailMade>(outcome);

    private static Image AssertJpeg(ThumbnailMade made, int width, int height)
    {
        var decoded = Image.NewFromBuffer(made.Thumbnail.Bytes);
        Assert.StartsWith("jpegload", (string)decoded.Get("vips-loader"), StringComparison.Ordinal);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        return decoded;
    }

    /// <summary>A gradient with distinct bands, so encoders have real content to work on.</summary>
    private static Image Picture(int width, int height, int bands)
    {
        using var xy = Image.Xyz(width, height);
        using var x = xy[0] * (255.0 / width);
        using var y = xy[1] * (255.0 / height);
        using var rgb = x.Bandjoin(y, (x + y) / 2);
        using var all = bands == 4 ? rgb.Bandjoin(Image.Black(width, height) + 200) : rgb.Copy();
        return all.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private static byte[] Encode(Image image, string suffix)
    {
        using (image)
        {
            return image.WriteToBuffer(suffix);
        }
    }

    /// <summary>A valid PNG signature and IHDR chunk, one empty IDAT and IEND: a header with no pixels behind it.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        stream.Write(number);

        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        stream.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
