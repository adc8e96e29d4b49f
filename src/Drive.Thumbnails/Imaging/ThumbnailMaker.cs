using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using NetVips;

namespace Drive.Thumbnails.Imaging;

/// <summary>
/// Makes a JPEG thumbnail and a larger JPEG preview of a file held in memory: images through libvips (JPEG, PNG, GIF,
/// WebP, TIFF, SVG, AVIF), PDFs, bitmaps and videos through <see cref="ExternalDecoder"/> first. Content that is not
/// supported, is too large, is truncated or corrupt, or takes too long, is an expected outcome
/// (<see cref="ThumbnailRefused"/>), never an exception.
/// </summary>
internal sealed class ThumbnailMaker(IOptions<ThumbnailOptions> options, ExternalDecoder externalDecoder)
{
    private static readonly FrozenSet<string> SupportedLoaders =
        FrozenSet.ToFrozenSet(["jpegload", "pngload", "gifload", "webpload", "tiffload", "heifload", "svgload"]);

    private static readonly double[] White = [255, 255, 255];

    // Passed to the loader as an option string: the thumbnail operation's own fail-on argument is not applied to
    // the loader in libvips 8.18, so truncated JPEGs would otherwise decode with a grey bottom. svgload keeps its
    // default "unlimited=false", so librsvg's limits on XML size and element count stay on.
    private const string FailOnTruncated = "[fail_on=truncated]";

    static ThumbnailMaker() => Configure();

    /// <summary>
    /// Keeps libvips small and predictable in a long-running worker: no operation cache (each image is seen once),
    /// one thread per pipeline (parallelism comes from the consumer), and no loaders libvips marks as untrusted,
    /// except SVG from memory: libvips marks svgload untrusted, but librsvg given a buffer has no base URL, so it
    /// refuses every external reference (file, http, XInclude) and it never runs scripts. The file and stream
    /// variants stay blocked.
    /// </summary>
    private static void Configure()
    {
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        NetVips.NetVips.Concurrency = 1;
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoadSvgBuffer", false);
    }

    /// <summary>
    /// 1. Sends PDFs, bitmaps and videos to <see cref="ExternalDecoder"/>, which gives back an encoded raster image.
    /// 2. Reads the header only and refuses unsupported formats and oversized images before any pixel is decoded.
    /// 3. Decodes with shrink-on-load to at most <see cref="ThumbnailOptions.PreviewSize"/> on the long side, turned
    ///    upright by its EXIF orientation, failing on truncated data, colour converted to sRGB, flattened on white.
    /// 4. Encodes the preview, shrinks it to the thumbnail and encodes that, without metadata, within the time limit.
    /// </summary>
    public async Task<ThumbnailOutcome> MakeAsync(byte[] source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var settings = options.Value;

        // 1. External decoders.
        var kind = SourceSniffer.Sniff(source);
        if (kind != SourceKind.Image)
        {
            switch (await externalDecoder.DecodeAsync(kind, source, cancellationToken))
            {
                case DecodeRefused refused:
                    return new ThumbnailRefused(refused.Reason);
                case DecodeDone done:
                    source = done.Image;
                    break;
            }
        }

        // 2. Header.
        if (CheckHeader(source, settings) is { } refusal)
        {
            return refusal;
        }

        // 3 and 4. Decode, convert, encode.
        using var deadline = new CancellationTokenSource(settings.JobTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return Render(source, settings, linked.Token);
        }
        catch (VipsException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (VipsException) when (deadline.IsCancellationRequested)
        {
            return new ThumbnailRefused(
                $"The image took longer than {settings.JobTimeout.TotalSeconds:0} seconds to preview.");
        }
        catch (VipsException)
        {
            return new ThumbnailRefused("The image data is truncated or corrupt.");
        }
    }

    private static ThumbnailRefused? CheckHeader(byte[] source, ThumbnailOptions settings)
    {
        Image header;
        try
        {
            header = Image.NewFromBuffer(source, access: Enums.Access.Sequential);
        }
        catch (VipsException)
        {
            return NotSupported();
        }

        using (header)
        {
            var loader = header.Contains("vips-loader") ? header.Get("vips-loader") as string : null;
            if (loader is null || !SupportedLoaders.Contains(loader.Split('_')[0]))
            {
                return NotSupported();
            }

            if (IsHevc(header))
            {
                return new ThumbnailRefused(
                    "HEIC photos (HEVC-coded) cannot be previewed: this server's image library has no HEVC decoder.");
            }

            var (width, height) = (header.Width, header.Height);
            if ((long)width * height > settings.MaxPixels || width > settings.MaxDimension
                || height > settings.MaxDimension)
            {
                return new ThumbnailRefused(
                    $"The image is {width}x{height} pixels; previews are made for images up to "
                    + $"{settings.MaxPixels / 1_000_000} megapixels and {settings.MaxDimension} pixels a side.");
            }
        }

        return null;
    }

    private static bool IsHevc(Image header) =>
        header.Contains("heif-compression") && header.Get("heif-compression") is string compression
        && compression.Equals("hevc", StringComparison.OrdinalIgnoreCase);

    private static ThumbnailMade Render(byte[] source, ThumbnailOptions settings, CancellationToken cancellationToken)
    {
        // The preview: decoded once, held in memory (a few MB), then encoded and shrunk again for the thumbnail.
        using var decoded = Image.ThumbnailBuffer(source, width: settings.PreviewSize, optionString: FailOnTruncated,
            height: settings.PreviewSize, size: Enums.Size.Down, outputProfile: "srgb");
        using var srgb = decoded.Interpretation == Enums.Interpretation.Srgb
            ? decoded.Copy()
            : decoded.Colourspace(Enums.Interpretation.Srgb);
        using var opaque = srgb.HasAlpha() ? srgb.Flatten(background: White) : srgb.Copy();
        using var bytes = opaque.Format == Enums.BandFormat.Uchar ? opaque.Copy() : opaque.Cast(Enums.BandFormat.Uchar);
        bytes.SetProgress(NoProgress.Instance, cancellationToken);
        using var preview = bytes.CopyMemory();

        using var thumbnail = preview.ThumbnailImage(settings.Height * settings.MaxAspectRatio,
            height: settings.Height, size: Enums.Size.Down);
        return new ThumbnailMade(Encode(thumbnail, settings), Encode(preview, settings));
    }

    private static JpegImage Encode(Image image, ThumbnailOptions settings) =>
        new(image.JpegsaveBuffer(q: settings.Quality, optimizeCoding: true, keep: Enums.ForeignKeep.None),
            image.Width, image.Height);

    private static ThumbnailRefused NotSupported() =>
        new("The file is not in a format that can be previewed (JPEG, PNG, GIF, WebP, TIFF, BMP, SVG, AVIF, PDF, "
            + "MP4, MOV, WebM, MKV or AVI).");

    private sealed class NoProgress : IProgress<int>
    {
        public static readonly NoProgress Instance = new();

        public void Report(int value)
        {
        }
    }
}
