using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Drive.Thumbnails.Imaging;

/// <summary>
/// Turns content libvips cannot read (PDF, BMP, video) into one raster image with a Debian tool run as a child
/// process: pdftoppm (poppler-utils) for a PDF's first page, ffmpeg for a bitmap or a video frame near the start.
/// Each run reads its input from a private temporary folder, has the job's time limit, an address-space limit
/// (through prlimit) and a bounded output no larger than the preview size; the folder is deleted afterwards.
/// </summary>
internal sealed class ExternalDecoder(IOptions<ThumbnailOptions> options)
{
    private const string InputName = "in";

    /// <summary>The rendered image (JPEG or PNG bytes), or a refusal fit for the file's owner.</summary>
    public async Task<DecodeResult> DecodeAsync(SourceKind kind, byte[] source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var folder = Directory.CreateTempSubdirectory("drive-thumbnail-");
        try
        {
            var input = Path.Combine(folder.FullName, InputName);
            await File.WriteAllBytesAsync(input, source, cancellationToken);
            return kind switch
            {
                SourceKind.Pdf => await RenderPdfAsync(folder.FullName, cancellationToken),
                SourceKind.Bmp => await GrabFrameAsync(folder.FullName, "bmp_pipe", seekSeconds: null, cancellationToken),
                _ => await GrabVideoFrameAsync(folder.FullName, kind, cancellationToken),
            };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<DecodeResult> RenderPdfAsync(string folder, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var size = settings.PreviewSize.ToString(CultureInfo.InvariantCulture);

        // -scale-to bounds the long side of the page (any page size, any UserUnit) to the preview size.
        string[] arguments = ["-f", "1", "-l", "1", "-r", "72", "-scale-to", size, "-jpeg", "-singlefile",
            "-q", InputName, "page"];
        var run = await RunAsync(settings.PdfToPpmPath, arguments, folder, "page.jpg", cancellationToken);
        return run switch
        {
            ToolMissing => new DecodeRefused("PDF previews are not available: pdftoppm (poppler-utils) is not installed."),
            ToolTimedOut => new DecodeRefused(
                $"The PDF took longer than {settings.JobTimeout.TotalSeconds:0} seconds to preview."),
            ToolOutput { Bytes: { } bytes } => new DecodeDone(bytes),
            _ => new DecodeRefused("The PDF's first page could not be rendered (damaged or password-protected)."),
        };
    }

    private async Task<DecodeResult> GrabVideoFrameAsync(string folder, SourceKind kind, CancellationToken cancellationToken)
    {
        var demuxer = kind switch
        {
            SourceKind.IsoVideo => "mov",
            SourceKind.MatroskaVideo => "matroska",
            SourceKind.AviVideo => "avi",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a video kind."),
        };

        // A frame one second in avoids black or fade-in first frames; clips shorter than that give their first.
        var frame = await GrabFrameAsync(folder, demuxer, seekSeconds: 1, cancellationToken);
        return frame is DecodeRefused { NoFrame: true }
            ? await GrabFrameAsync(folder, demuxer, seekSeconds: 0, cancellationToken)
            : frame;
    }

    private async Task<DecodeResult> GrabFrameAsync(string folder, string demuxer, int? seekSeconds,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var size = settings.PreviewSize.ToString(CultureInfo.InvariantCulture);
        var what = demuxer == "bmp_pipe" ? "bitmap" : "video";

        List<string> arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "1",
            "-max_pixels", settings.MaxPixels.ToString(CultureInfo.InvariantCulture),
            "-protocol_whitelist", "file", "-f", demuxer];
        if (seekSeconds is { } seconds)
        {
            arguments.AddRange(["-ss", seconds.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange(["-i", $"file:{InputName}", "-map", "0:v:0", "-frames:v", "1", "-an", "-sn", "-dn",
            "-vf", $"scale=w='min(iw,{size})':h='min(ih,{size})':force_original_aspect_ratio=decrease",
            "-f", "image2", "-update", "1", "-c:v", "png", "file:frame.png"]);

        var run = await RunAsync(settings.FfmpegPath, arguments, folder, "frame.png", cancellationToken);
        return run switch
        {
            ToolMissing => new DecodeRefused($"{Capitalized(what)} previews are not available: ffmpeg is not installed."),
            ToolTimedOut => new DecodeRefused(
                $"The {what} took longer than {settings.JobTimeout.TotalSeconds:0} seconds to preview."),
            ToolOutput { Bytes: { } bytes } => new DecodeDone(bytes),
            ToolOutput { ExitCode: 0 } => new DecodeRefused($"The {what} has no picture to preview.", NoFrame: true),
            _ => new DecodeRefused($"The {what} could not be decoded (damaged or in an unsupported codec)."),
        };
    }

    /// <summary>
    /// Runs <paramref name="tool"/> under prlimit in <paramref name="folder"/>; returns the output file when it exists
    /// and is no larger than the limit. On timeout or cancellation the process is killed.
    /// </summary>
    private async Task<ToolRun> RunAsync(string tool, IEnumerable<string> arguments, string folder, string outputName,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var start = new ProcessStartInfo("prlimit")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--as={settings.MaxToolMemoryBytes}");
        start.ArgumentList.Add($"--fsize={settings.MaxToolOutputBytes}");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var deadline = new CancellationTokenSource(settings.JobTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("prlimit did not start.");
        process.StandardInput.Close();
        var drainOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var drainError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ToolTimedOut();
        }

        await Task.WhenAll(drainOutput, drainError);

        // prlimit reports a tool it cannot execute with 126 (not executable) or 127 (not found).
        if (process.ExitCode is 126 or 127)
        {
            return new ToolMissing();
        }

        var output = new FileInfo(Path.Combine(folder, outputName));
        var bytes = process.ExitCode == 0 && output.Exists && output.Length is > 0 and var length
            && length <= settings.MaxToolOutputBytes
            ? await File.ReadAllBytesAsync(output.FullName, cancellationToken)
            : null;
        return new ToolOutput(process.ExitCode, bytes);
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private abstract record ToolRun;

    private sealed record ToolMissing : ToolRun;

    private sealed record ToolTimedOut : ToolRun;

    private sealed record ToolOutput(int ExitCode, byte[]? Bytes) : ToolRun;
}

/// <summary>What an external decoder gave: an encoded image, or a refusal.</summary>
internal abstract record DecodeResult;

/// <summary>An encoded raster image (JPEG or PNG) for the libvips pipeline.</summary>
internal sealed record DecodeDone(byte[] Image) : DecodeResult;

/// <summary>The tool could not make an image; <paramref name="NoFrame"/> marks a run that ended without output.</summary>
internal sealed record DecodeRefused(string Reason, bool NoFrame = false) : DecodeResult;
