using Drive.Files.Errors;

namespace Drive.Files.Caching;

/// <summary>
/// What one cached read holds: the owner it was read for (checked again on every hit), and either the value with
/// its entity tag or the expected failure (an unknown item is cached too; the owner's next change retires it).
/// </summary>
internal sealed record CachedRead<T>(Guid OwnerId, T? Value, string? ETag, CachedError? Error)
{
    public static CachedRead<T> From(Guid ownerId, Result<T> result) => result.Error is { } error
        ? new CachedRead<T>(ownerId, default, null, CachedError.From(error))
        : new CachedRead<T>(ownerId, result.Value, ETags.For(result.Value), null);

    public Result<Tagged<T>> ToResult() =>
        Error is not null ? Error.ToError() : new Tagged<T>(Value!, ETag!);
}

/// <summary>The failures a cached read can hold: an unknown item, or a request that cannot be answered.</summary>
internal sealed record CachedError(string Kind, string Detail)
{
    private const string NotFound = "not-found";
    private const string Invalid = "invalid";

    public static CachedError From(FilesError error) => error switch
    {
        NotFoundError => new CachedError(NotFound, error.Detail),
        InvalidInputError => new CachedError(Invalid, error.Detail),
        _ => throw new InvalidOperationException($"A read cannot fail with {error.GetType().Name}."),
    };

    public FilesError ToError() => Kind == NotFound ? new NotFoundError(Detail) : new InvalidInputError(Detail);
}
