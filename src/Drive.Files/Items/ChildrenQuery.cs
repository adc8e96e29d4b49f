using System.Text;
using System.Text.Json;
using Drive.Files.Data;
using Drive.Files.Errors;
using Microsoft.EntityFrameworkCore;

namespace Drive.Files.Items;

/// <summary>
/// Keyset pagination of a folder's children: folders first, then by the chosen key, with the id breaking ties, so a
/// page boundary never moves when items are inserted. The page token is the base64 of the last row's key.
/// </summary>
public static class ChildrenQuery
{
    /// <summary>Default number of items per page.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Largest page allowed.</summary>
    public const int MaxPageSize = 1000;

    private static readonly string[] Orders = ["name", "modifiedAt", "size"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal sealed record Key(string O, ItemKind K, string? N, DateTimeOffset? M, long? S, Guid I);

    /// <summary>Checks the query string and decodes the token.</summary>
    internal static Result<(int PageSize, string OrderBy, Key? After)> Parse(
        int? pageSize, string? pageToken, string? orderBy)
    {
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return new InvalidInputError($"pageSize must be between 1 and {MaxPageSize}.");
        }

        var order = string.IsNullOrEmpty(orderBy) ? "name" : Orders.FirstOrDefault(o => o == orderBy);
        if (order is null)
        {
            return new InvalidInputError("orderBy must be one of: name, modifiedAt, size.");
        }

        if (string.IsNullOrEmpty(pageToken))
        {
            return (size, order, (Key?)null);
        }

        var key = Decode(pageToken);
        return key is null || key.O != order
            ? new InvalidInputError("pageToken is not valid for this listing; start again without it.")
            : (size, order, key);
    }

    /// <summary>Applies the order and the position after <paramref name="after"/>.</summary>
    internal static IQueryable<Item> Apply(IQueryable<Item> children, string orderBy, Key? after) => orderBy switch
    {
        "modifiedAt" => (after is null ? children : children.Where(i =>
                EF.Functions.GreaterThan(
                    ValueTuple.Create(i.Kind, i.ModifiedAt, i.Id), ValueTuple.Create(after.K, after.M!.Value, after.I))))
            .OrderBy(i => i.Kind).ThenBy(i => i.ModifiedAt).ThenBy(i => i.Id),
        "size" => (after is null ? children : children.Where(i =>
                EF.Functions.GreaterThan(
                    ValueTuple.Create(i.Kind, i.Size, i.Id), ValueTuple.Create(after.K, after.S!.Value, after.I))))
            .OrderBy(i => i.Kind).ThenBy(i => i.Size).ThenBy(i => i.Id),
        _ => (after is null ? children : children.Where(i =>
                EF.Functions.GreaterThan(
                    ValueTuple.Create(i.Kind, i.Name, i.Id), ValueTuple.Create(after.K, after.N!, after.I))))
            .OrderBy(i => i.Kind).ThenBy(i => i.Name).ThenBy(i => i.Id),
    };

    /// <summary>The token that continues after <paramref name="last"/>.</summary>
    internal static string Encode(string orderBy, Item last)
    {
        var key = orderBy switch
        {
            "modifiedAt" => new Key(orderBy, last.Kind, null, last.ModifiedAt, null, last.Id),
            "size" => new Key(orderBy, last.Kind, null, null, last.Size, last.Id),
            _ => new Key(orderBy, last.Kind, last.Name, null, null, last.Id),
        };
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(key))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static Key? Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var key = JsonSerializer.Deserialize<Key>(StrictUtf8.GetString(Convert.FromBase64String(base64)));
            return key is not null && IsSound(key) ? key : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or DecoderFallbackException
            or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether every field of a decoded token is a value this service could have written: a token is client input, and
    /// a name with a NUL or a timestamp with an offset would otherwise reach the database.
    /// </summary>
    private static bool IsSound(Key key)
    {
        if (!Enum.IsDefined(key.K))
        {
            return false;
        }

        return key.O switch
        {
            "name" => key.N is { } name && ItemNames.IsStorable(name) && key.M is null && key.S is null,
            "modifiedAt" => key.M is { Offset: var offset } && offset == TimeSpan.Zero && key.N is null && key.S is null,
            "size" => key.S is >= 0 and <= FilesOptions.MaxFileSize && key.N is null && key.M is null,
            _ => false,
        };
    }
}
