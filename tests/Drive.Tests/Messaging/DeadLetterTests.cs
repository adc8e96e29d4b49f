using System.Collections.Concurrent;
using Drive.Contracts.Events;
using Drive.DeadLetters;
using Drive.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Drive.Tests.Messaging;

/// <summary>
/// Dead letters against a real RabbitMQ: a handler that throws sends its messages to <c>{queue}.dead</c> after the
/// configured tries; the <c>drive dead-letters</c> command (run in-process) lists and shows them, and once the
/// handler is fixed, replays them so that each is handled exactly once and the dead-letter queue ends empty.
/// </summary>
[Collection(MessagingServersCollection.Name)]
public sealed class DeadLetterTests(MessagingServers servers)
{
    private const int MaxAttempts = 3;

    [Fact]
    public async Task Failed_events_are_dead_lettered_listed_shown_and_replayed_once_fixed()
    {
        var consumer = $"dead-test-{Guid.NewGuid():N}"[..20];
        var queue = $"{consumer}.{EventNameAttribute.Of<FilePurged>()}";
        var handler = new BrokenHandlerState();
        var builder = ConsumerHost.CreateBuilder(servers);
        builder.Services.AddSingleton(handler);
        builder.Services.AddEventConsumer<FilePurged, BrokenUntilFixedHandler>(consumer);
        using var host = builder.Build();
        await host.StartAsync();
        await using var connection = await servers.ConnectAsync();
        await ConsumerHost.WaitForConsumerAsync(connection, queue);

        // 1. Two events fail every try and end in the dead-letter queue.
        var first = new FilePurged(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid());
        var second = new FilePurged(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid());
        var publisher = host.Services.GetRequiredService<IEventPublisher>();
        await publisher.PublishAsync(first, CancellationToken.None);
        await publisher.PublishAsync(second, CancellationToken.None);
        await WaitForDeadCountAsync(connection, queue, 2);
        Assert.Equal(2 * MaxAttempts, handler.Failures);

        // 2. list names both, with their event, tries and error; show gives one's headers and body.
        var list = await RunCommandAsync("list", "--queue", queue);
        Assert.Contains(first.EventId.ToString(), list);
        Assert.Contains(second.EventId.ToString(), list);
        Assert.Contains("files.file-purged.v1", list);
        Assert.Contains($"  {MaxAttempts}  ", list);
        Assert.Contains("InvalidOperationException: Broken on purpose", list);
        Assert.Contains("2 dead letter(s) in 1 queue(s).", list);

        var shown = await RunCommandAsync("show", first.EventId.ToString(), "--queue", queue);
        Assert.Contains($"x-drive-attempts: {MaxAttempts}", shown);
        Assert.Contains("x-drive-first-failed-at: ", shown);
        Assert.Contains($"\"fileId\": \"{first.FileId}\"", shown);
        Assert.DoesNotContain(second.EventId.ToString(), shown);

        // 3. Fixed, one replay by id, then the rest: each handled once, the dead-letter queue empty.
        handler.Fixed = true;
        await RunCommandAsync("replay", first.EventId.ToString(), "--queue", queue);
        await ConsumerHost.WaitUntilAsync("the first replay handled", () => Task.FromResult(handler.Handled(first) == 1));
        Assert.Equal(1u, await ConsumerHost.MessageCountAsync(connection, DeadQueue(queue)));

        await RunCommandAsync("replay", "--all", "--queue", queue);
        await ConsumerHost.WaitUntilAsync("the second replay handled", () => Task.FromResult(handler.Handled(second) == 1));
        await WaitForDeadCountAsync(connection, queue, 0);
        Assert.Equal(1, handler.Handled(first));
        Assert.Equal(2 * MaxAttempts, handler.Failures);
        Assert.Contains("0 dead letter(s) in 1 queue(s).", await RunCommandAsync("list", "--queue", queue));

        await host.StopAsync();
    }

    [Fact]
    public async Task Replaying_an_unknown_id_fails_and_touches_nothing()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        string[] args = ["replay", Guid.NewGuid().ToString(), "--rabbitmq", servers.RabbitMqUri];

        var exitCode = await DeadLettersCommand.RunAsync(args, output, errors, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("no dead letter", errors.ToString());
    }

    private async Task<string> RunCommandAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = await DeadLettersCommand.RunAsync([.. args, "--rabbitmq", servers.RabbitMqUri], output, errors,
            CancellationToken.None);
        Assert.True(exitCode == 0, $"dead-letters {string.Join(' ', args)} exited {exitCode}: {errors}");
        return output.ToString();
    }

    private static string DeadQueue(string queue) => queue + ".dead";

    private static Task WaitForDeadCountAsync(RabbitMQ.Client.IConnection connection, string queue, uint count) =>
        ConsumerHost.WaitUntilAsync($"{count} message(s) in {DeadQueue(queue)}",
            async () => await ConsumerHost.MessageCountAsync(connection, DeadQueue(queue)) == count);

    private sealed class BrokenHandlerState
    {
        private readonly ConcurrentDictionary<Guid, int> handled = new();
        private int failures;

        public volatile bool Fixed;

        public int Failures => Volatile.Read(ref failures);

        public int Handled(FilePurged evt) => handled.GetValueOrDefault(evt.EventId);

        public void Handle(FilePurged evt)
        {
            if (!Fixed)
            {
                Interlocked.Increment(ref failures);
                throw new InvalidOperationException("Broken on purpose.");
            }

            handled.AddOrUpdate(evt.EventId, 1, (_, count) => count + 1);
        }
    }

    private sealed class BrokenUntilFixedHandler(BrokenHandlerState state) : IEventHandler<FilePurged>
    {
        public Task HandleAsync(FilePurged @event, CancellationToken cancellationToken)
        {
            state.Handle(@event);
            return Task.CompletedTask;
        }
    }
}
