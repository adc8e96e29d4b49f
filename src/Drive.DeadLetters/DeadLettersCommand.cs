using System.Globalization;
using System.Text;
using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Messaging.DeadLetters;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Drive.DeadLetters;

/// <summary>
/// <c>drive dead-letters list | show &lt;id&gt; | replay &lt;id&gt; | replay --all [--queue Q]</c>. AMQP cannot list
/// queues, so without <c>--queue</c> the command looks at the dead-letter queue of every (consumer, event) pair
/// Drive can have: each consumer name below with each event of Drive.Contracts; the ones not declared are skipped.
/// </summary>
internal static class DeadLettersCommand
{
    /// <summary>The consumer names of Drive's services (Drive.Files and Drive.Thumbnails).</summary>
    public static readonly IReadOnlyList<string> KnownConsumers = ["files", "thumbnails"];

    private const int ErrorColumnWidth = 60;

    /// <summary>Runs the command; returns the exit code (0 done, 1 failed or not found, 2 wrong arguments).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors,
        CancellationToken cancellationToken)
    {
        if (args is [] or ["-h" or "--help" or "help"])
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return args.Count == 0 ? 2 : 0;
        }

        var command = CommandLine.Parse(args, out var error);
        var uri = command is null ? null : BrokerUri(command, out error);
        if (command is null || uri is null)
        {
            await errors.WriteLineAsync($"dead-letters: {error}");
            await errors.WriteLineAsync(CommandLine.Usage);
            return 2;
        }

        try
        {
            var factory = new ConnectionFactory { Uri = uri, ClientProvidedName = "drive-dead-letters" };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return await RunAsync(command, new DeadLetterQueues(connection), output, errors, cancellationToken);
        }
        catch (BrokerUnreachableException exception)
        {
            await errors.WriteLineAsync(
                $"dead-letters: cannot reach the broker at {uri.Host}:{uri.Port} ({exception.InnerException?.Message}). " +
                "Is Drive running? Give its address with --rabbitmq.");
            return 1;
        }
    }

    private static async Task<int> RunAsync(CommandLine command, DeadLetterQueues queues, TextWriter output,
        TextWriter errors, CancellationToken cancellationToken)
    {
        var deadQueues = await DeadQueuesAsync(command, queues, cancellationToken);
        if (command.Queue is not null && deadQueues.Count == 0)
        {
            await errors.WriteLineAsync($"dead-letters: no queue {DeadLetterQueues.DeadQueueOf(command.Queue)}.");
            return 1;
        }

        switch (command.Verb)
        {
            case "list":
                await ListAsync(queues, deadQueues, output, cancellationToken);
                return 0;
            case "show":
                return await ShowAsync(queues, deadQueues, command.MessageId!, output, errors, cancellationToken);
            default:
                return await ReplayAsync(queues, deadQueues, command.MessageId, output, errors, cancellationToken);
        }
    }

    private static async Task ListAsync(DeadLetterQueues queues, IReadOnlyList<string> deadQueues, TextWriter output,
        CancellationToken cancellationToken)
    {
        var rows = new List<string[]> { new[] { "QUEUE", "MESSAGE ID", "EVENT", "ATTEMPTS", "FIRST FAILED", "ERROR" } };
        foreach (var deadQueue in deadQueues)
        {
            foreach (var letter in await queues.ListAsync(deadQueue, cancellationToken))
            {
                rows.Add([letter.Queue, letter.MessageId, letter.EventName ?? "?",
                    letter.Attempts.ToString(CultureInfo.InvariantCulture),
                    letter.FirstFailedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "?",
                    Shorten(letter.Error ?? "")]);
            }
        }

        await WriteTableAsync(rows, output);
        await output.WriteLineAsync($"{rows.Count - 1} dead letter(s) in {deadQueues.Count} queue(s).");
    }

    private static async Task<int> ShowAsync(DeadLetterQueues queues, IReadOnlyList<string> deadQueues,
        string messageId, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var found = 0;
        foreach (var deadQueue in deadQueues)
        {
            foreach (var letter in await queues.ListAsync(deadQueue, cancellationToken))
            {
                if (letter.MessageId == messageId)
                {
                    found++;
                    await WriteLetterAsync(letter, output);
                }
            }
        }

        if (found == 0)
        {
            await errors.WriteLineAsync($"dead-letters: no dead letter {messageId}.");
        }

        return found == 0 ? 1 : 0;
    }

    private static async Task<int> ReplayAsync(DeadLetterQueues queues, IReadOnlyList<string> deadQueues,
        string? messageId, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var replayed = 0;
        foreach (var deadQueue in deadQueues)
        {
            try
            {
                var letters = await queues.ReplayAsync(deadQueue,
                    letter => messageId is null || letter.MessageId == messageId, cancellationToken);
                foreach (var letter in letters)
                {
                    await output.WriteLineAsync($"Replayed {letter.MessageId} to {letter.OriginalQueue}.");
                }

                replayed += letters.Count;
            }
            catch (PublishException exception)
            {
                await errors.WriteLineAsync(
                    $"dead-letters: the broker refused a replay from {deadQueue} ({exception.Message}); it stays there.");
                return 1;
            }
        }

        if (replayed == 0 && messageId is not null)
        {
            await errors.WriteLineAsync($"dead-letters: no dead letter {messageId}.");
            return 1;
        }

        await output.WriteLineAsync($"{replayed} dead letter(s) replayed.");
        return 0;
    }

    /// <summary>The dead-letter queues to look at: the one named by --queue, or every known one that exists.</summary>
    private static async Task<IReadOnlyList<string>> DeadQueuesAsync(CommandLine command, DeadLetterQueues queues,
        CancellationToken cancellationToken)
    {
        var candidates = command.Queue is not null
            ? [DeadLetterQueues.DeadQueueOf(command.Queue)]
            : KnownDeadQueues();

        var existing = new List<string>();
        foreach (var candidate in candidates)
        {
            if (await queues.ExistsAsync(candidate, cancellationToken))
            {
                existing.Add(candidate);
            }
        }

        return existing;
    }

    /// <summary>Every (consumer, event) pair's dead-letter queue, <c>{consumer}.{eventName}.dead</c>.</summary>
    public static IReadOnlyList<string> KnownDeadQueues()
    {
        var eventNames = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(type => type.IsDefined(typeof(EventNameAttribute), inherit: false))
            .Select(EventNameAttribute.Of)
            .Order(StringComparer.Ordinal);
        return [.. KnownConsumers.SelectMany(_ => eventNames, (consumer, eventName) =>
            DeadLetterQueues.DeadQueueOf($"{consumer}.{eventName}"))];
    }

    /// <summary>--rabbitmq, else ConnectionStrings__rabbitmq, else the URI file in the state folder.</summary>
    private static Uri? BrokerUri(CommandLine command, out string? error)
    {
        error = null;
        var configured = Environment.GetEnvironmentVariable("Drive__StateDirectory");
        var state = command.StateDirectory
            ?? (string.IsNullOrEmpty(configured) ? Path.Combine(Environment.CurrentDirectory, ".state") : configured);
        var file = Path.Combine(state, "rabbitmq", "amqp-uri");
        var text = command.RabbitMq
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")
            ?? (File.Exists(file) ? File.ReadAllText(file).Trim() : null);

        if (text is null)
        {
            error = $"No broker address: pass --rabbitmq amqp://..., set ConnectionStrings__rabbitmq, or start " +
                $"Drive with ./drive up, which writes {file}.";
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            error = $"The broker address is not an amqp:// URI: {text}";
            return null;
        }

        return uri;
    }

    private static async Task WriteLetterAsync(DeadLetter letter, TextWriter output)
    {
        await output.WriteLineAsync($"Queue:      {letter.Queue} (replays to {letter.OriginalQueue})");
        await output.WriteLineAsync($"Message id: {letter.MessageId}");
        await output.WriteLineAsync($"Event:      {letter.EventName ?? "?"}");
        await output.WriteLineAsync("Headers:");
        foreach (var (name, value) in letter.Headers.OrderBy(header => header.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {name}: {value}");
        }

        await output.WriteLineAsync("Body:");
        await output.WriteLineAsync(PrettyJson(letter.Body));
        await output.WriteLineAsync();
    }

    private static string PrettyJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(body.Span);
        }
    }

    private static async Task WriteTableAsync(List<string[]> rows, TextWriter output)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= ErrorColumnWidth ? line : line[..(ErrorColumnWidth - 1)] + "…";
    }
}
