namespace Drive.DeadLetters;

/// <summary>The parsed arguments of <c>drive dead-letters</c>.</summary>
/// <param name="Verb">list, show or replay.</param>
/// <param name="MessageId">The message (event) id for show and replay; null with <c>replay --all</c> and list.</param>
/// <param name="All">replay --all: every message of the chosen queues.</param>
/// <param name="Queue">Only this queue (a consumer queue or its <c>.dead</c> queue); null: every known queue.</param>
/// <param name="RabbitMq">The broker's AMQP URI when given on the command line.</param>
/// <param name="StateDirectory">The state folder when given on the command line.</param>
internal sealed record CommandLine(
    string Verb, string? MessageId, bool All, string? Queue, string? RabbitMq, string? StateDirectory)
{
    public const string Usage = """
        Usage: drive dead-letters <command> [options]

          list                     every dead letter: queue, message id, event, attempts, first failure, error
          show <message-id>        one dead letter's headers and JSON body
          replay <message-id>      send it back to its queue, attempts reset; removed once the broker confirmed
          replay --all             the same for every dead letter

        Options:
          --queue Q                only the queue Q (a consumer queue such as files.thumbnails.thumbnail-ready.v1,
                                   or its .dead queue); default: every consumer queue of Drive's events
          --rabbitmq URI           the broker, e.g. amqp://guest:guest@127.0.0.1:5672
                                   default: ConnectionStrings__rabbitmq, else the URI a local ./drive up wrote
                                   to <state>/rabbitmq/amqp-uri
          --state DIR              the state folder (default: Drive__StateDirectory, else ./.state)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are wrong.</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? verb = null, id = null, queue = null, rabbitMq = null, state = null;
        var all = false;

        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--all":
                    all = true;
                    break;
                case "--queue" or "--rabbitmq" or "--state" when i + 1 >= args.Count:
                    error = $"{args[i]} needs a value.";
                    return null;
                case "--queue":
                    queue = args[++i];
                    break;
                case "--rabbitmq":
                    rabbitMq = args[++i];
                    break;
                case "--state":
                    state = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    error = $"Unknown option {option}.";
                    return null;
                case var word when verb is null:
                    verb = word;
                    break;
                case var word when id is null:
                    id = word;
                    break;
                default:
                    error = $"Unexpected argument {args[i]}.";
                    return null;
            }
        }

        error = Check(verb, id, all);
        return error is null ? new CommandLine(verb!, id, all, queue, rabbitMq, state) : null;
    }

    private static string? Check(string? verb, string? id, bool all) => verb switch
    {
        null => "Name a command: list, show or replay.",
        "list" when id is not null || all => "list takes no message id and no --all.",
        "list" => null,
        "show" when id is null || all => "show needs one message id.",
        "show" => null,
        "replay" when (id is null) == !all => "replay needs one message id, or --all.",
        "replay" => null,
        _ => $"Unknown command {verb}.",
    };
}
