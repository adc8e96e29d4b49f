namespace Drive.Contracts.Events;

/// <summary>
/// Something that happened in one service and that others may react to. Events travel through RabbitMQ on the
/// <c>drive.events</c> topic exchange with their <see cref="EventNameAttribute"/> as routing key.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; consumers use it to ignore a redelivery.</summary>
    Guid EventId { get; }

    /// <summary>When the change the event describes was committed.</summary>
    DateTimeOffset OccurredAt { get; }
}

/// <summary>The versioned routing key of an event type, such as <c>files.file-uploaded.v1</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventNameAttribute(string name) : Attribute
{
    /// <summary>The routing key.</summary>
    public string Name { get; } = name;

    /// <summary>The routing key of <typeparamref name="TEvent"/>.</summary>
    public static string Of<TEvent>() where TEvent : IIntegrationEvent => Of(typeof(TEvent));

    /// <summary>The routing key of <paramref name="eventType"/>.</summary>
    public static string Of(Type eventType) =>
        eventType.GetCustomAttributes(typeof(EventNameAttribute), false) is [EventNameAttribute attribute, ..]
            ? attribute.Name
            : throw new InvalidOperationException($"{eventType.Name} has no [EventName].");
}
