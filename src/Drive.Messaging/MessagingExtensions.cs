using Drive.Contracts.Events;
using Drive.Messaging.Inbox;
using Drive.Messaging.Outbox;
using Drive.Messaging.Rabbit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Drive.Messaging;

/// <summary>Registers the RabbitMQ connection, the event publisher, outbox relays and event consumers.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Registers the Aspire RabbitMQ client for <paramref name="connectionName"/> (created on first use, recovering
    /// by itself), <see cref="IEventPublisher"/>, and <see cref="MessagingOptions"/> from the <c>Messaging</c> section.
    /// </summary>
    public static IHostApplicationBuilder AddDriveMessaging(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        builder.AddRabbitMQClient(connectionName,
            settings => settings.DisableAutoActivation = true,
            factory => factory.ClientProvidedName = builder.Environment.ApplicationName);

        builder.Services.AddOptions<MessagingOptions>()
            .BindConfiguration(MessagingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<BrokerConnection>();
        builder.Services.TryAddSingleton<BrokerPublisher>();
        builder.Services.TryAddSingleton<IEventPublisher>(services => services.GetRequiredService<BrokerPublisher>());
        return builder;
    }

    /// <summary>
    /// Runs a background relay that publishes the outbox rows of <typeparamref name="TDbContext"/>: those left
    /// unsent at start, then new ones every <see cref="MessagingOptions.OutboxPollInterval"/>. Requires
    /// <see cref="AddDriveMessaging"/>.
    /// </summary>
    public static IServiceCollection AddOutboxRelay<TDbContext>(this IServiceCollection services)
        where TDbContext : DbContext, IOutboxDbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<OutboxRelay<TDbContext>>();
        return services;
    }

    /// <summary>
    /// Consumes <typeparamref name="TEvent"/> from the durable queue <c>{consumerName}.{eventName}</c> into
    /// <typeparamref name="THandler"/>, resolved in a fresh scope per message. Failures are retried with backoff
    /// through <c>{queue}.retry</c>, then moved to <c>{queue}.dead</c>. The handler alone must make a redelivery
    /// harmless; see <see cref="AddEventConsumerWithInbox{TEvent, THandler, TDbContext}"/> for a consumer with a database. Requires
    /// <see cref="AddDriveMessaging"/>.
    /// </summary>
    public static IServiceCollection AddEventConsumer<TEvent, THandler>(this IServiceCollection services,
        string consumerName)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent> =>
        AddConsumer<TEvent, THandler>(services, consumerName, _ => new DirectInvocation<TEvent, THandler>());

    /// <summary>
    /// Like <see cref="AddEventConsumer{TEvent, THandler}"/>, but each event is handled at most once per queue: the handler runs in a
    /// transaction of <typeparamref name="TDbContext"/> that also records (queue, event id) in its inbox table, and
    /// a redelivered event already recorded there is acknowledged without running the handler. The handler must
    /// write through the scope's <typeparamref name="TDbContext"/> and open no transaction of its own. Also runs one
    /// <see cref="InboxCleaner{TDbContext}"/> per context, which deletes rows past
    /// <see cref="MessagingOptions.InboxRetention"/>.
    /// </summary>
    public static IServiceCollection AddEventConsumerWithInbox<TEvent, THandler, TDbContext>(
        this IServiceCollection services, string consumerName)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
        where TDbContext : DbContext, IInboxDbContext
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InboxCleaner<TDbContext>>());
        return AddConsumer<TEvent, THandler>(services, consumerName, provider =>
            ActivatorUtilities.CreateInstance<InboxInvocation<TEvent, THandler, TDbContext>>(provider));
    }

    private static IServiceCollection AddConsumer<TEvent, THandler>(IServiceCollection services, string consumerName,
        Func<IServiceProvider, IHandlerInvocation<TEvent>> invocation)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerName);

        services.TryAddScoped<THandler>();
        services.AddSingleton<IHostedService>(provider =>
            ActivatorUtilities.CreateInstance<EventConsumer<TEvent, THandler>>(
                provider, consumerName, invocation(provider)));
        return services;
    }
}
