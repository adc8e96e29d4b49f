using System.Net;

namespace Drive.Client;

/// <summary>The API answered with another status than the call expects; carries the body it sent.</summary>
public sealed class DriveApiException(HttpStatusCode status, string message, string body) : Exception(message)
{
    /// <summary>The status the API answered.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The response body, usually problem+json.</summary>
    public string Body { get; } = body;
}
