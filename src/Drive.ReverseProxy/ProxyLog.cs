using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Drive.ReverseProxy;

/// <summary>Log messages of the shared proxy pipeline; event ids 1050-1099 belong here.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(1050, LogLevel.Warning, "Proxying {Method} {Path} failed with {Error}; answered 503")]
    public static partial void BackendUnavailable(ILogger logger, string method, string path, ForwarderError error);

    [LoggerMessage(1051, LogLevel.Information,
        "{Method} {Path} failed on {Destination} with {Error}; trying another destination")]
    public static partial void Retrying(
        ILogger logger, string method, string path, string destination, ForwarderError error);
}
