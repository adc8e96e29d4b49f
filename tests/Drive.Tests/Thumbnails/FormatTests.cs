using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Drive.Thumbnails;
using Drive.Thumbnails.Imaging;
using NetVips;

namespace Drive.Tests.Thumbnails;

/// <summary>
/// Every supported format, made in the test with a known colour or layout, checked on the thumbnail and preview
/// that come out: size, where a coloured corner lands, and the mean colour.
/// </summary>
public sealed class FormatTests
{
    private static readonly double[] Red = [255, 0, 0];
    private static readonly double[] Green = [0, 255, 0];
    private static readonly double[] Blue = [0, 0, 255];

    private readonly ThumbnailMaker maker = ThumbnailMakerTests.Maker(new ThumbnailOptions());

    /// <summary>For each EXIF orientation, the display corner where the stored top-left pixel ends up.</summary>
    [Theory]
    [InlineData(1, "top-left")]
    [InlineData(2, "top-right")]
    [InlineData(3, "bottom-right")]
    [InlineData(4, "bottom-left")]
    [InlineData(5, "top-left")]
    [InlineData(6, "top-right")]
    [InlineData(7, "bottom-right")]
    [InlineData(8, "bottom-left")]
    public async Task Exif_orientation_puts_the_marked_corner_in_its_place(int orientation, string corner)
    {
        // An 800x400 grey picture whose stored top-left quarter-by-quarter block is red.
        using var grey = Solid(800, 400, [128, 128, 128]);
        using var tagged = grey.Mutate(image =>
        {
            image.DrawRect(Red, 0, 0, 200, 100, fill: true);
            image.Set(GValue.GIntType, "orientation", orientation);
        });
        var source = tagged.JpegsaveBuffer(q: 95, keep: Enums.ForeignKeep.Exif);

        var made = await MakeAsync(source);

        var (width, height) = orientation >= 5 ? (128, 256) : (512, 256);
        using var thumbnail = Decode(made.Thumbnail, width, height);
        foreach (var place in new[] { "top-left", "top-right", "bottom-left", "bottom-right" })
        {
            var pixel = CornerPixel(thumbnail, place);
            if (place == corner)
            {
                AssertClose(Red, pixel, 40, $"orientation {orientation}: {place} should be red");
            }
            else
            {
                AssertClose([128, 128, 128], pixel, 40, $"orientation {orientation}: {place} should be grey");
            }
        }
    }

    [Fact]
    public async Task Cmyk_jpeg_of_pure_red_becomes_srgb_red()
    {
        // C=0 M=100% Y=100% K=0, without an embedded profile: libvips' fallback CMYK profile must be used.
        using var cmyk = (Image.Black(300, 200, bands: 4) + new double[] { 0, 255, 255, 0 })
            .Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Cmyk);
        var source = cmyk.JpegsaveBuffer(q: 95);
        using (var check = Image.NewFromBuffer(source))
        {
            Assert.Equal(4, check.Bands);
        }

        var made = await MakeAsync(source);

        AssertMean(Red, made.Thumbnail, 60);
        AssertMean(Red, made.Preview, 60);
    }

    [Fact]
    public async Task Embedded_display_p3_profile_is_converted_to_srgb()
    {
        // Pure sRGB green stored as Display P3 numbers with the P3 profile; read as sRGB numbers it would be ~(117,252,76).
        using var green = Solid(300, 200, Green);
        using var p3 = green.IccTransform("p3", embedded: false, inputProfile: "srgb");
        var source = p3.PngsaveBuffer(keep: Enums.ForeignKeep.Icc);

        var made = await MakeAsync(source);

        AssertMean(Green, made.Thumbnail, 30);
    }

    [Fact]
    public async Task Sixteen_bit_png_becomes_an_eight_bit_jpeg_of_the_same_colour()
    {
        using var red16 = (Image.Black(600, 300, bands: 3) + new double[] { 65535, 0, 0 })
            .Cast(Enums.BandFormat.Ushort).Copy(interpretation: Enums.Interpretation.Rgb16);
        var source = red16.PngsaveBuffer(bitdepth: 16);

        var made = await MakeAsync(source);

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Red, made.Thumbnail, 20);
    }

    [Fact]
    public async Task Sixteen_bit_grey_png_becomes_grey()
    {
        using var grey16 = (Image.Black(300, 300) + 32768).Cast(Enums.BandFormat.Ushort)
            .Copy(interpretation: Enums.Interpretation.Grey16);

        var made = await MakeAsync(grey16.PngsaveBuffer(bitdepth: 16));

        AssertMean([128, 128, 128], made.Thumbnail, 10);
    }

    [Theory]
    [InlineData(0, 255)]
    [InlineData(128, 127)]
    [InlineData(255, 0)]
    public async Task Png_alpha_is_flattened_onto_white(int alpha, int expected)
    {
        // Black with the given opacity: on white it gives 255 - alpha.
        using var black = (Image.Black(300, 300, bands: 4) + new double[] { 0, 0, 0, alpha })
            .Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);

        var made = await MakeAsync(black.PngsaveBuffer());

        AssertMean([expected, expected, expected], made.Thumbnail, 6);
    }

    [Fact]
    public async Task Interlaced_png_is_read()
    {
        using var blue = Solid(700, 350, Blue);
        var source = blue.PngsaveBuffer(interlace: true);
        Assert.True(IsInterlacedPng(source));

        var made = await MakeAsync(source);

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Blue, made.Thumbnail, 20);
    }

    [Fact]
    public async Task Progressive_jpeg_is_read()
    {
        using var green = Solid(1200, 600, Green);

        var made = await MakeAsync(green.JpegsaveBuffer(interlace: true));

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Green, made.Thumbnail, 20);
    }

    [Fact]
    public async Task Gif_gives_the_colour_of_its_first_frame()
    {
        using var red = Solid(200, 100, Red);
        using var green = Solid(200, 100, Green);
        using var blue = Solid(200, 100, Blue);
        using var strip = Image.Arrayjoin([red, green, blue], across: 1);
        using var animation = strip.Mutate(image => image.Set(GValue.GIntType, "page-height", 100));

        var made = await MakeAsync(animation.GifsaveBuffer());

        Assert.Equal((200, 100), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Red, made.Thumbnail, 30);
    }

    [Theory]
    [InlineData(".webp")]
    [InlineData(".tif")]
    [InlineData(".avif")]
    public async Task Libvips_format_is_read_with_its_colour(string suffix)
    {
        using var blue = Solid(800, 400, Blue);

        var made = await MakeAsync(blue.WriteToBuffer(suffix));

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Blue, made.Thumbnail, 30);
    }

    [Fact]
    public async Task Bmp_is_decoded_through_ffmpeg()
    {
        SkipUnless("ffmpeg");

        var made = await MakeAsync(Bmp24(600, 300, red: 255, green: 0, blue: 0));

        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Red, made.Thumbnail, 20);
    }

    [Fact]
    public async Task Large_image_gives_a_1024_pixel_preview_and_a_256_pixel_thumbnail()
    {
        using var green = Solid(3000, 2000, Green);

        var made = await MakeAsync(green.JpegsaveBuffer());

        Assert.Equal((1024, 683), (made.Preview.Width, made.Preview.Height));
        Assert.Equal((384, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        Decode(made.Preview, 1024, 683).Dispose();
    }

    [Fact]
    public async Task Svg_is_rasterized_without_reading_files_or_fetching_urls()
    {
        // A red PNG on disk and a loopback listener: an SVG that loaded either would show red or make a connection.
        var redFile = Path.Combine(Path.GetTempPath(), $"drive-svg-{Guid.NewGuid():N}.png");
        using (var red = Solid(100, 100, Red))
        {
            red.WriteToFile(redFile);
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var svg = $"""
                <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
                     xmlns:xi="http://www.w3.org/2001/XInclude" width="2000" height="1000" viewBox="0 0 400 200">
                  <script>document.documentElement.setAttribute("fill", "red")</script>
                  <rect width="400" height="200" fill="white"/>
                  <image x="0" y="0" width="200" height="200" href="file://{redFile}"/>
                  <image x="200" y="0" width="200" height="200" xlink:href="http://127.0.0.1:{port}/x.png"/>
                  <image x="0" y="0" width="400" height="200" href="http://127.0.0.1:1/x"/>
                  <use href="file:///etc/passwd#x"/>
                  <text x="10" y="100" font-size="40" fill="black"><xi:include href="file:///etc/passwd" parse="text"/></text>
                </svg>
                """;

            var made = await MakeAsync(Encoding.UTF8.GetBytes(svg));

            Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
            using var image = Decode(made.Preview, 1024, 512);
            Assert.True(image.Min() > 240, "nothing but the white rectangle may be drawn (no image, no included text)");
            Assert.False(listener.Pending(), "the SVG renderer connected to a URL it was given");
        }
        finally
        {
            listener.Stop();
            File.Delete(redFile);
        }
    }

    [Fact]
    public async Task Svg_text_control_is_drawn()
    {
        // Control for the test above: the same text inline does draw dark pixels, so an included file would show.
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="2000" height="1000" viewBox="0 0 400 200">
              <rect width="400" height="200" fill="white"/>
              <text x="10" y="100" font-size="40" fill="black">root:x:0:0:root</text>
            </svg>
            """;

        var made = await MakeAsync(Encoding.UTF8.GetBytes(svg));

        using var image = Decode(made.Preview, 1024, 512);
        Assert.True(image.Min() < 60);
    }

    [Fact]
    public async Task Pdf_first_page_is_rendered()
    {
        SkipUnless("pdftoppm");

        var made = await MakeAsync(Pdf(widthPoints: 400, heightPoints: 200, ["1 0 0 rg", "0 0 1 rg"]));

        Assert.Equal((1024, 512), (made.Preview.Width, made.Preview.Height));
        Assert.Equal((512, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Red, made.Thumbnail, 20);
    }

    [Fact]
    public async Task Damaged_pdf_is_refused_with_a_reason()
    {
        SkipUnless("pdftoppm");

        var outcome = await maker.MakeAsync(Encoding.ASCII.GetBytes("%PDF-1.4\nnot really a pdf"), CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("PDF", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mp4", "libx264")]
    [InlineData("webm", "libvpx-vp9")]
    [InlineData("avi", "mjpeg")]
    public async Task Video_gives_a_frame_one_second_in(string container, string codec)
    {
        SkipUnless("ffmpeg");

        // One red second, then one blue second: the frame taken one second in is blue.
        var clip = await MakeClipAsync(container, codec,
            "color=c=red:s=640x480:d=1:r=10[a];color=c=blue:s=640x480:d=1:r=10[b];[a][b]concat=n=2:v=1:a=0");

        var made = await MakeAsync(clip);

        Assert.Equal((640, 480), (made.Preview.Width, made.Preview.Height));
        Assert.Equal((341, 256), (made.Thumbnail.Width, made.Thumbnail.Height));
        AssertMean(Blue, made.Thumbnail, 40);
    }

    [Fact]
    public async Task Video_shorter_than_a_second_gives_its_first_frame()
    {
        SkipUnless("ffmpeg");

        var clip = await MakeClipAsync("mp4", "libx264", "color=c=0x00FF00:s=160x120:d=0.5:r=10");

        var made = await MakeAsync(clip);

        AssertMean(Green, made.Thumbnail, 40);
    }

    [Fact]
    public async Task Damaged_video_is_refused_with_a_reason()
    {
        SkipUnless("ffmpeg");
        var bytes = new byte[4096];
        "\0\0\0\u0018ftypisom\0\0\0\0isomiso2"u8.CopyTo(bytes);

        var outcome = await maker.MakeAsync(bytes, CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("video", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_tool_is_a_clear_refusal()
    {
        var settings = new ThumbnailOptions { PdfToPpmPath = "/nonexistent/pdftoppm" };
        var withoutTool = ThumbnailMakerTests.Maker(settings);

        var outcome = await withoutTool.MakeAsync(Pdf(100, 100, ["1 0 0 rg"]), CancellationToken.None);

        var refused = Assert.IsType<ThumbnailRefused>(outcome);
        Assert.Contains("pdftoppm", refused.Reason, StringComparison.Ordinal);
    }

    private async Task<ThumbnailMade> MakeAsync(byte[] source)
    {
        var outcome = await maker.MakeAsync(source, CancellationToken.None);
        return outcome is ThumbnailRefused refused
            ? throw new Xunit.Sdk.XunitException($"Refused: {refused.Reason}")
            : Assert.IsType<ThumbnailMade>(outcome);
    }

    private static Image Solid(int width, int height, double[] colour) =>
        (Image.Black(width, height, bands: 3) + colour).Cast(Enums.BandFormat.Uchar)
            .Copy(interpretation: Enums.Interpretation.Srgb);

    private static Image Decode(JpegImage jpeg, int width, int height)
    {
        var image = Image.NewFromBuffer(jpeg.Bytes);
        Assert.StartsWith("jpegload", (string)image.Get("vips-loader"), StringComparison.Ordinal);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal((3, Enums.BandFormat.Uchar), (image.Bands, image.Format));
        Assert.False(image.Contains("exif-data"), "metadata must be stripped");
        Assert.False(image.Contains("icc-profile-data"), "metadata must be stripped");
        return image;
    }

    private static double[] CornerPixel(Image image, string place)
    {
        var x = place.EndsWith("left", StringComparison.Ordinal) ? 4 : image.Width - 5;
        var y = place.StartsWith("top", StringComparison.Ordinal) ? 4 : image.Height - 5;
        return image.Getpoint(x, y);
    }

    private static void AssertMean(double[] expected, JpegImage jpeg, double tolerance)
    {
        using var image = Image.NewFromBuffer(jpeg.Bytes);
        var mean = Enumerable.Range(0, 3).Select(band => image[band].Avg()).ToArray();
        AssertClose(expected, mean, tolerance, "mean colour");
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        var close = expected.Zip(actual).All(pair => Math.Abs(pair.First - pair.Second) <= tolerance);
        Assert.True(close, $"{what}: expected ({string.Join(", ", expected)}) within {tolerance}, "
            + $"got ({string.Join(", ", actual.Select(value => value.ToString("0")))})");
    }

    private static bool IsInterlacedPng(byte[] png) => png[28] == 1;

    /// <summary>Fails the test with a clear message when the tool ./drive installs is absent.</summary>
    private static void SkipUnless(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
        Assert.True(found, $"{tool} is not installed; run ./drive setup (it installs poppler-utils and ffmpeg).");
    }

    private static async Task<byte[]> MakeClipAsync(string container, string codec, string filter)
    {
        var path = Path.Combine(Path.GetTempPath(), $"drive-clip-{Guid.NewGuid():N}.{container}");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-nostdin", "-v", "error", "-f", "lavfi", "-i", filter, "-c:v", codec,
            "-pix_fmt", codec == "mjpeg" ? "yuvj420p" : "yuv420p", "-y", path })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, $"ffmpeg could not make the test clip: {error}");
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A one-page-per-colour PDF, each page filled with one colour operator (such as <c>1 0 0 rg</c>).</summary>
    private static byte[] Pdf(int widthPoints, int heightPoints, string[] pageColours)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        var kids = string.Join(" ", pageColours.Select((_, index) => $"{3 + (2 * index)} 0 R"));
        objects.Add($"<< /Type /Pages /Kids [{kids}] /Count {pageColours.Length} >>");
        for (var index = 0; index < pageColours.Length; index++)
        {
            var content = $"{pageColours[index]} 0 0 {widthPoints} {heightPoints} re f";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {widthPoints} {heightPoints}] "
                + $"/Contents {4 + (2 * index)} 0 R >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var index = 0; index < objects.Count; index++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{index + 1} 0 obj\n{objects[index]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>An uncompressed 24-bit bottom-up Windows bitmap of one colour.</summary>
    private static byte[] Bmp24(int width, int height, byte red, byte green, byte blue)
    {
        var stride = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (stride * height)];
        "BM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var row = 0; row < height; row++)
        {
            for (var column = 0; column < width; column++)
            {
                var at = 54 + (row * stride) + (column * 3);
                (bytes[at], bytes[at + 1], bytes[at + 2]) = (blue, green, red);
            }
        }

        return bytes;
    }
}
