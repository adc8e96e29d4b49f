using System.Text.Json;

namespace Drive.Messaging.Rabbit;

/// <summary>The one JSON shape of events on the wire and in the outbox: camelCase, web defaults.</summary>
internal static class EventJson
{
    public const string ContentType = "application/json";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
