using Drive.Contracts.Events;
using Drive.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Drive.Messaging.Rabbit;

/// <summary>How a consumer runs its handler for one message, in the message's own DI scope.</summary>
internal interface IHandlerInvocation<in TEvent> where TEvent : IIntegrationEvent
{
    /// <summary>Runs the handler; returns false when the event was handled before and the handler did not run.</summary>
    Task<bool> InvokeAsync(IServiceProvider scope, string consumer, TEvent evt, CancellationToken cancellationToken);
}

/// <summary>Runs the handler as it is; the handler alone makes a redelivery harmless.</summary>
internal sealed class DirectInvocation<TEvent, THandler> : IHandlerInvocation<TEvent>
    where TEvent : IIntegrationEvent
    where THandler : class, IEventHandler<TEvent>
{
    public async Task<bool> InvokeAsync(IServiceProvider scope, string consumer, TEvent evt,
        CancellationToken cancellationToken)
    {
        await scope.GetRequiredService<THandler>().HandleAsync(evt, cancellationToken);
        return true;
    }
}

/// <summary>
/// Runs the handler inside a transaction of <typeparamref name="TDbContext"/> that first claims
/// (consumer, event id) in the inbox. The claim, the handler's statements and its tracked changes
/// commit together or not at all, so a redelivered event finds its claim and is skipped, and a failed try leaves
/// no claim behind. The handler must use the scope's <typeparamref name="TDbContext"/> and open no transaction.
/// </summary>
internal sealed class InboxInvocation<TEvent, THandler, TDbContext>(TimeProvider timeProvider)
    : IHandlerInvocation<TEvent>
    where TEvent : IIntegrationEvent
    where THandler : class, IEventHandler<TEvent>
    where TDbContext : DbContext, IInboxDbContext
{
    public async Task<bool> InvokeAsync(IServiceProvider scope, string consumer, TEvent evt,
        CancellationToken cancellationToken)
    {
        var db = scope.GetRequiredService<TDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();

        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await InboxModel.TryClaimAsync(db, consumer, evt.EventId, timeProvider.GetUtcNow(),
                cancellationToken);
            if (!claimed)
            {
                return false;
            }

            await scope.GetRequiredService<THandler>().HandleAsync(evt, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }
}
