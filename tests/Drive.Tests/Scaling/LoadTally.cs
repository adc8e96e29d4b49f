using System.Collections.Concurrent;

namespace Drive.Tests.Scaling;

/// <summary>What the clients of a load run did and saw, counted as they go.</summary>
internal sealed class LoadTally
{
    private readonly ConcurrentDictionary<string, int> _succeeded = new();

    /// <summary>Reads (list, get, download) that did not succeed: there must be none.</summary>
    public ConcurrentQueue<string> FailedReads { get; } = new();

    /// <summary>Writes that failed with a problem+json 5xx, which a client can act on.</summary>
    public ConcurrentQueue<string> ClearlyFailedWrites { get; } = new();

    /// <summary>Writes that failed any other way (a hang, a reset, a 5xx without a problem, a 4xx): none allowed.</summary>
    public ConcurrentQueue<string> UnclearlyFailedWrites { get; } = new();

    /// <summary>Completions answered 5xx and then sent again with the same upload id.</summary>
    public int RepeatedCompletions;

    /// <summary>Every upload the API acknowledged, by user.</summary>
    public ConcurrentDictionary<int, ConcurrentBag<AcknowledgedUpload>> Acknowledged { get; } = new();

    public void Succeeded(string operation) => _succeeded.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public int Count(string operation) => _succeeded.GetValueOrDefault(operation);

    public string Summary() =>
        string.Join(", ", _succeeded.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))
        + $"; failed reads {FailedReads.Count}, writes failed with a 5xx problem {ClearlyFailedWrites.Count}, "
        + $"writes failed otherwise {UnclearlyFailedWrites.Count}, completions repeated {RepeatedCompletions}";
}

/// <summary>An upload the API answered with its item: it must exist afterwards with these bytes.</summary>
internal sealed record AcknowledgedUpload(Guid ItemId, string Name, string Sha256, long Size);
