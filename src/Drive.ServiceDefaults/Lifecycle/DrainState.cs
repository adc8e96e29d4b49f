namespace Drive.ServiceDefaults.Lifecycle;

/// <summary>Whether this replica is on its way out and should no longer be sent new requests.</summary>
public sealed class DrainState
{
    private volatile bool _draining;

    /// <summary>True from the moment the host begins to stop.</summary>
    public bool IsDraining => _draining;

    internal void BeginDraining() => _draining = true;
}
