using System.Text;

namespace Drive.Files.Storage;

/// <summary>Builds <c>Content-Disposition</c> values that carry any file name (RFC 6266 and RFC 8187).</summary>
public static class ContentDisposition
{
    /// <summary>
    /// <c>attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded</c>, where the fallback replaces
    /// every non-ASCII, quote, backslash or control character with an underscore.
    /// </summary>
    public static string Attachment(string fileName)
    {
        var fallback = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            fallback.Append(c is < ' ' or > '~' or '"' or '\\' ? '_' : c);
        }

        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{EncodeRfc8187(fileName)}";
    }

    private static string EncodeRfc8187(string value)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2"));
            }
        }

        return encoded.ToString();
    }
}
