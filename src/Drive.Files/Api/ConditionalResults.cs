using Drive.Files.Caching;
using Drive.Files.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Drive.Files.Api;

/// <summary>Metadata answers with an entity tag: 304 when <c>If-None-Match</c> names it, else 200 with the body.</summary>
public static class ConditionalResults
{
    /// <summary>
    /// Sets <c>ETag</c> and <c>Cache-Control: private, no-cache</c> (a browser may keep the answer but asks again
    /// each time, with <c>If-None-Match</c>), then answers 304 or 200; an error stays a problem.
    /// </summary>
    public static Results<Ok<T>, StatusCodeHttpResult, ProblemHttpResult> ToConditionalOk<T>(
        this Result<Tagged<T>> result, HttpContext context)
    {
        if (result.Error is { } error)
        {
            return error.ToProblem();
        }

        var tagged = result.Value!;
        context.Response.Headers.ETag = tagged.ETag;
        context.Response.Headers.CacheControl = "private, no-cache";
        return ETags.Matches(context.Request.Headers[HeaderNames.IfNoneMatch], tagged.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(tagged.Value);
    }
}
