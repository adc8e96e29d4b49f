namespace Drive.Files.Errors;

/// <summary>An expected failure of a files operation, turned into problem+json by <see cref="FilesProblems"/>.</summary>
/// <param name="Detail">What went wrong and what to fix, fit to show the user.</param>
public abstract record FilesError(string Detail);

/// <summary>Unknown id, or one that belongs to someone else (never told apart).</summary>
public sealed record NotFoundError(string Detail) : FilesError(Detail)
{
    /// <summary>The answer for any unknown or foreign item.</summary>
    public static NotFoundError Item(Guid id) => new($"No item with id {id} exists.");
}

/// <summary>The request itself is malformed or out of range.</summary>
public sealed record InvalidInputError(string Detail) : FilesError(Detail);

/// <summary>The folder already holds a live item with this name.</summary>
public sealed record NameTakenError(string Name)
    : FilesError($"An item named \"{Name}\" already exists in this folder; choose another name.");

/// <summary>The request conflicts with the item's current state (a move into itself, a finished upload).</summary>
public sealed record StateConflictError(string Detail) : FilesError(Detail);

/// <summary>Storing the file would exceed the user's quota.</summary>
public sealed record QuotaExceededError(long UsedBytes, long QuotaBytes, long RequestedBytes)
    : FilesError($"Storing {RequestedBytes} more bytes would exceed your quota: {UsedBytes} of {QuotaBytes} bytes "
        + "are used. Empty the trash or delete files first.");

/// <summary>At completion, the bytes in storage do not match what the upload declared.</summary>
public sealed record UploadMismatchError(string Detail) : FilesError(Detail);
