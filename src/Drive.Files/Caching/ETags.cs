using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Drive.Files.Caching;

/// <summary>A value together with the entity tag of its JSON representation.</summary>
/// <param name="Value">What the response carries.</param>
/// <param name="ETag">A strong entity tag, quoted, the same on every replica for the same content.</param>
public sealed record Tagged<T>(T Value, string ETag);

/// <summary>Entity tags made from the JSON a response carries, and the <c>If-None-Match</c> comparison.</summary>
public static class ETags
{
    /// <summary>
    /// The tag of <paramref name="value"/>: 128 bits of the SHA-256 of its JSON. A children page's tag therefore
    /// changes with any item on it (a rename, a thumbnail) and with the next-page token; a folder's own tag changes
    /// only with the folder's fields, never with its children.
    /// </summary>
    public static string For<T>(T value)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web));
        return $"\"{Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
    }

    /// <summary>Whether <c>If-None-Match</c> names <paramref name="etag"/> (weak comparison, as RFC 9110 asks).</summary>
    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var opaque = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (opaque == "*" || opaque == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
