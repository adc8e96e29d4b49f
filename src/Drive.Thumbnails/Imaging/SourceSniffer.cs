using System.Text;

namespace Drive.Thumbnails.Imaging;

/// <summary>How a file's content is turned into pixels.</summary>
internal enum SourceKind
{
    /// <summary>Anything else: given to libvips, which refuses what it cannot read.</summary>
    Image,

    /// <summary>A PDF document: its first page is rendered by pdftoppm.</summary>
    Pdf,

    /// <summary>A Windows bitmap: libvips has no BMP loader, so ffmpeg decodes it.</summary>
    Bmp,

    /// <summary>An ISO media (MP4, MOV, 3GP) video: a frame is taken by ffmpeg.</summary>
    IsoVideo,

    /// <summary>A Matroska or WebM video: a frame is taken by ffmpeg.</summary>
    MatroskaVideo,

    /// <summary>An AVI video: a frame is taken by ffmpeg.</summary>
    AviVideo,
}

/// <summary>
/// Classifies content by its leading bytes, never by its name or declared type. Only the formats listed in
/// <see cref="SourceKind"/> ever reach an external tool, each with its demuxer named, so ffmpeg never guesses
/// (playlists and concat lists, which can point at other files, are never opened).
/// </summary>
internal static class SourceSniffer
{
    // ISO base media brands that are still images (HEIF, AVIF): those go to libvips' heifload.
    private static readonly string[] ImageBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1",
        "avif", "avis", "avio"];

    public static SourceKind Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return SourceKind.Pdf;
        }

        if (content.Length >= 26 && content.StartsWith("BM"u8))
        {
            return SourceKind.Bmp;
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return SourceKind.MatroskaVideo;
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("AVI "u8))
        {
            return SourceKind.AviVideo;
        }

        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(content[8..12]);
            return ImageBrands.Contains(brand, StringComparer.Ordinal) ? SourceKind.Image : SourceKind.IsoVideo;
        }

        return SourceKind.Image;
    }
}
