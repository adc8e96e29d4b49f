namespace Drive.Thumbnails.Imaging;

/// <summary>What became of one attempt to make a thumbnail: images, or a refusal with its reason.</summary>
internal abstract record ThumbnailOutcome;

/// <summary>An sRGB JPEG without metadata and its size in pixels.</summary>
internal sealed record JpegImage(byte[] Bytes, int Width, int Height);

/// <summary>The small thumbnail and the larger preview of one content blob.</summary>
internal sealed record ThumbnailMade(JpegImage Thumbnail, JpegImage Preview) : ThumbnailOutcome;

/// <summary>No thumbnail can be made from this content; <paramref name="Reason"/> is fit for the file's owner.</summary>
internal sealed record ThumbnailRefused(string Reason) : ThumbnailOutcome;
