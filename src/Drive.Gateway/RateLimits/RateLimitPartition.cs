using System.Net;
using System.Net.Sockets;
using Drive.ServiceDefaults.Security;

namespace Drive.Gateway.RateLimits;

/// <summary>Which budget a request spends and whose: a policy and a key (a user id or a client address).</summary>
/// <param name="Policy">The budget.</param>
/// <param name="Key">Whose budget: <c>user:{id}</c> or <c>ip:{address}</c>.</param>
public sealed record RateLimitPartition(RateLimitPolicy Policy, string Key)
{
    /// <summary>
    /// The partition of <paramref name="context"/>, after authentication and after the client's address was resolved
    /// from a trusted proxy; null for the balancers' probes, which no budget covers.
    /// </summary>
    public static RateLimitPartition? Of(HttpContext context)
    {
        var request = context.Request;
        var path = (request.Path.Value ?? "/").TrimEnd('/');
        if (path is "/alive" or "/ready")
        {
            return null;
        }

        var post = HttpMethods.IsPost(request.Method);
        if (post && (Is(path, "/api/auth/login") || Is(path, "/api/auth/register")))
        {
            return new(RateLimitPolicy.SignIn, AddressKey(context.Connection.RemoteIpAddress));
        }

        if (context.User.FindFirst(DriveClaims.Subject)?.Value is not { Length: > 0 } user)
        {
            return new(RateLimitPolicy.Anonymous, AddressKey(context.Connection.RemoteIpAddress));
        }

        var policy = post && Is(path, "/api/uploads") ? RateLimitPolicy.UploadStart
            : HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                || HttpMethods.IsOptions(request.Method) ? RateLimitPolicy.Read
            : RateLimitPolicy.Write;
        return new(policy, $"user:{user}");
    }

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 prefix, the block one subscriber usually holds, so that
    /// a client cannot spread itself over the many addresses of its own block.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return $"ip:{address}";
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"ip:{new IPAddress(bytes)}/64";
    }

    private static bool Is(string path, string expected) => path.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
