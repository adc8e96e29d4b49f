using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using NetVips;

namespace Drive.Thumbnails.Imaging;

/// <summary>
/// Makes a JPEG thumbnail of an image held in memory. Content that is not a supported image, is too large, is
/// truncated or corrupt, or takes too long, is an expected outcome (<see cref="ThumbnailRefused"/>), never an
/// exception.
/// </summary>
internal sealed class ThumbnailMaker(IOptions<ThumbnailOptions> options)
{
    private static readonly FrozenSet<string> SupportedLoaders =
        FrozenSet.ToFrozenSet(["jpegload", "pngload", "gifload", "webpload", "tiffload", "heifload"]);

    private static readonly double[] White = [255, 255, 255];

    // Passed to the loader as an option string: the thumbnail operation's own fail-on argument is not applied to
    // the loader in libvips 8.18, so truncated JPEGs would otherwise decode with a grey bottom.
    private const string FailOnTruncated = "[fail_on=truncated]";

    static ThumbnailMaker() => Configure();

    /// <summary>
    /// Keeps libvips small and predictable in a long-running worker: no operation cache (each image is seen once),
    /// one thread per pipeline (parallelism comes from the consumer), and no loaders libvips marks as untrusted.
    /// </summary>
    private static void Configure()
    {
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        NetVips.NetVips.Concurrency = 1;
        NetVips.NetVips.BlockUntrusted = true;
    }

    /// <summary>
    /// 1. Reads the header only and refuses unsupported formats and oversized images before any pixel is decoded.
    /// 2. Decodes with shrink-on-load to at most <see cref="ThumbnailOptions.Height"/> pixels high, turned upright
    ///    by its EXIF orientation, failing on truncated data.
    /// 3. Converts to 8-bit sRGB on white and encodes a JPEG without metadata, within the job's time limit.
    /// </summary>
    public ThumbnailOutcome Make(byte[] source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var settings = options.Value;

        // 1. Header.
        if (CheckHeader(source, settings) is { } refusal)
        {
            return refusal;
        }

        // 2 and 3. Decode, convert, encode.
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

    private static ThumbnailMade Render(byte[] source, ThumbnailOptions settings, CancellationToken cancellationToken)
    {
        using var thumbnail = Image.ThumbnailBuffer(source, width: settings.Height * settings.MaxAspectRatio,
            optionString: FailOnTruncated, height: settings.Height, size: Enums.Size.Down, outputProfile: "srgb");
        using var srgb = thumbnail.Interpretation == Enums.Interpretation.Srgb
            ? thumbnail.Copy()
            : thumbnail.Colourspace(Enums.Interpretation.Srgb);
        using var opaque = srgb.HasAlpha() ? srgb.Flatten(background: White) : srgb.Copy();
        using var bytes = opaque.Format == Enums.BandFormat.Uchar ? opaque.Copy() : opaque.Cast(Enums.BandFormat.Uchar);

        bytes.SetProgress(NoProgress.Instance, cancellationToken);
        var jpeg = bytes.JpegsaveBuffer(q: settings.Quality, optimizeCoding: true, keep: Enums.ForeignKeep.None);
        return new ThumbnailMade(jpeg, bytes.Width, bytes.Height);
    }

    private static ThumbnailRefused NotSupported() =>
        new("The file is not an image in a format that can be previewed (JPEG, PNG, GIF, WebP, TIFF or HEIF).");

    private sealed class NoProgress : IProgress<int>
    {
        public static readonly NoProgress Instance = new();

        public void Report(int value)
        {
        }
    }
}
