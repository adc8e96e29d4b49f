using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Drive.ReverseProxy;

/// <summary>
/// Sends requests only to destinations whose readiness probe has passed and whose recent requests have not been
/// failing. YARP's default also trusts destinations it has not probed yet, which would hand requests to a replica
/// that is still starting or never becomes ready; with none ready the proxy answers 503 instead.
/// </summary>
internal sealed class ReadyDestinationsPolicy : IAvailableDestinationsPolicy
{
    /// <summary>The name clusters give as <c>HealthCheck.AvailableDestinationsPolicy</c>.</summary>
    public const string PolicyName = "ReadyOnly";

    public string Name => PolicyName;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(
        ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var activeChecks = config.HealthCheck?.Active?.Enabled == true;
        return allDestinations
            .Where(d => (!activeChecks || d.Health.Active == DestinationHealth.Healthy)
                && d.Health.Passive != DestinationHealth.Unhealthy)
            .ToList();
    }
}
