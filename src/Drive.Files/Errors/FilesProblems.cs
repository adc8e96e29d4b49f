using Microsoft.AspNetCore.Http.HttpResults;

namespace Drive.Files.Errors;

/// <summary>The one place where expected failures become HTTP problem+json answers.</summary>
public static class FilesProblems
{
    /// <summary>The status and title of <paramref name="error"/>, with its detail.</summary>
    public static ProblemHttpResult ToProblem(this FilesError error)
    {
        var (status, title) = error switch
        {
            NotFoundError => (StatusCodes.Status404NotFound, "Not found"),
            InvalidInputError => (StatusCodes.Status400BadRequest, "Invalid request"),
            NameTakenError => (StatusCodes.Status409Conflict, "Name already taken"),
            StateConflictError => (StatusCodes.Status409Conflict, "Conflict"),
            QuotaExceededError => (StatusCodes.Status413PayloadTooLarge, "Quota exceeded"),
            UploadMismatchError => (StatusCodes.Status422UnprocessableEntity, "Upload does not match"),
            _ => throw new InvalidOperationException($"No HTTP mapping for {error.GetType().Name}."),
        };
        return TypedResults.Problem(error.Detail, statusCode: status, title: title);
    }
}

/// <summary>A value or the expected failure that prevented it.</summary>
public readonly record struct Result<T>(T? Value, FilesError? Error)
{
    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(FilesError error) => new(default, error);

    /// <summary>Converts the value, keeping the error.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map) =>
        Error is not null ? new Result<TOut>(default, Error) : new Result<TOut>(map(Value!), null);
}

/// <summary>Turns results into typed HTTP answers.</summary>
public static class ResultHttpExtensions
{
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Ok(result.Value);

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Created(location(result.Value!), result.Value);

    public static Results<NoContent, ProblemHttpResult> ToNoContent(this FilesError? error) =>
        error is not null ? error.ToProblem() : TypedResults.NoContent();

    public static Results<RedirectHttpResult, ProblemHttpResult> ToRedirect(this Result<Uri> result) =>
        result.Error is { } error ? error.ToProblem() : TypedResults.Redirect(result.Value!.AbsoluteUri);
}
