using System.Security.Cryptography;
using System.Text;

namespace Drive.Messaging;

/// <summary>Event ids for events that a handler publishes in reaction to another event.</summary>
public static class EventIds
{
    /// <summary>
    /// The id of the <paramref name="resultEventName"/> event that <paramref name="consumerName"/> publishes when it
    /// handles the event <paramref name="sourceEventId"/>: the same on every redelivery of the source, so the
    /// result's consumers (their inbox) see a repeated result as the same event. A name-based UUID (version 8, from
    /// SHA-256), different for every source event, consumer and result type.
    /// </summary>
    public static Guid Derived(Guid sourceEventId, string consumerName, string resultEventName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(resultEventName);

        var name = Encoding.UTF8.GetBytes($"{sourceEventId:D}\n{consumerName}\n{resultEventName}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(name, hash);

        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
