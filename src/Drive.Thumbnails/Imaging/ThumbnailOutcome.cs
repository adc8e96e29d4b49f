namespace Drive.Thumbnails.Imaging;

/// <summary>What became of one attempt to make a thumbnail: an image, or a refusal with its reason.</summary>
internal abstract record ThumbnailOutcome;

/// <summary>A JPEG thumbnail and its size in pixels.</summary>
internal sealed record ThumbnailMade(byte[] Jpeg, int Width, int Height) : ThumbnailOutcome;

/// <summary>No thumbnail can be made from this content; <paramref name="Reason"/> is fit for the file's owner.</summary>
internal sealed record ThumbnailRefused(string Reason) : ThumbnailOutcome;
