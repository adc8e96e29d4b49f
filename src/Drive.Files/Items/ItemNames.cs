using System.Text;

namespace Drive.Files.Items;

/// <summary>
/// The rules every folder and file name passes. Names are stored in Unicode NFC and compared byte for byte
/// (case-sensitive), so "é" typed precomposed or decomposed is the same name. Leading or trailing white space is
/// refused rather than trimmed, so what a user typed is never silently changed into another name.
/// </summary>
public static class ItemNames
{
    /// <summary>The most UTF-8 bytes a name may take.</summary>
    public const int MaxUtf8Bytes = 255;

    /// <summary>Checks <paramref name="name"/> and returns its NFC form, or why it is refused.</summary>
    public static NameCheck Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return NameCheck.Refuse("A name is required.");
        }

        if (!IsWellFormedUtf16(name))
        {
            return NameCheck.Refuse("The name contains an unpaired surrogate; send valid Unicode text.");
        }

        var normalized = name.Normalize(NormalizationForm.FormC);
        return FirstProblem(normalized) is { } problem ? NameCheck.Refuse(problem) : NameCheck.Accept(normalized);
    }

    /// <summary>
    /// Whether text could be a stored name, by the rules every name has always had to pass (no control characters,
    /// valid Unicode, at most 255 bytes); for names that come back from clients inside tokens.
    /// </summary>
    public static bool IsStorable(string name) =>
        name.Length > 0 && IsWellFormedUtf16(name) && !name.Any(c => c < '\u0020' || c == '\u007F')
            && Encoding.UTF8.GetByteCount(name) <= MaxUtf8Bytes;

    private static string? FirstProblem(string name)
    {
        if (name is "." or "..")
        {
            return "\".\" and \"..\" are not allowed as names.";
        }

        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            return "A name cannot contain '/' or '\\'.";
        }

        if (name.Any(c => c < '\u0020' || c == '\u007F'))
        {
            return "A name cannot contain control characters (U+0000 to U+001F, U+007F).";
        }

        if (name.FirstOrDefault(IsInvisibleOrReordering) is var hidden and not '\0')
        {
            return $"A name cannot contain U+{(int)hidden:X4} ({Describe(hidden)}); remove it.";
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]))
        {
            return "A name cannot begin or end with white space; remove it.";
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        return bytes > MaxUtf8Bytes
            ? $"The name takes {bytes} bytes in UTF-8; at most {MaxUtf8Bytes} are allowed."
            : null;
    }

    /// <summary>
    /// Characters that hide or reorder what a name shows: C1 controls, bidirectional embeddings, overrides and
    /// isolates, the zero-width space and the byte order mark. Zero-width (non-)joiners stay allowed, because emoji
    /// and several scripts need them.
    /// </summary>
    private static bool IsInvisibleOrReordering(char c) =>
        c is >= '\u0080' and <= '\u009F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069'
            or '\u200B' or '\uFEFF';

    private static string Describe(char c) => c switch
    {
        <= '\u009F' => "a C1 control character",
        '\u200B' => "a zero-width space",
        '\uFEFF' => "a byte order mark",
        _ => "a bidirectional text control",
    };

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The outcome of <see cref="ItemNames.Check"/>: a normalized name, or the reason it was refused.</summary>
/// <param name="Name">The NFC form, when accepted.</param>
/// <param name="Problem">What to fix, when refused.</param>
public readonly record struct NameCheck(string? Name, string? Problem)
{
    /// <summary>True when the name may be used.</summary>
    public bool IsValid => Problem is null;

    internal static NameCheck Accept(string name) => new(name, null);

    internal static NameCheck Refuse(string problem) => new(null, problem);
}
