namespace ScaleSets.Control;

/// <summary>
/// The part of a controller's state that changes its behaviour and cannot be rebuilt from what the provider and the load
/// balancer report, so a restarted controller behaves as the one before it. Saved through an <see cref="IControllerStateStore"/>.
/// </summary>
/// <param name="StoppedUpgradeVersion">The model version whose rolling upgrade stopped (automatic mode must not resume it), or <see langword="null"/>.</param>
/// <param name="RepairsSuspended">Whether automatic repairs are suspended after repeated failures.</param>
/// <param name="ConsecutiveRepairFailures">How many repairs in a row have failed.</param>
/// <param name="RepairPendingInstanceIds">The instances that are the outcome of a repair not yet judged (restarted, reimaged or a replacement).</param>
public sealed record ControllerState(
    string? StoppedUpgradeVersion,
    bool RepairsSuspended,
    int ConsecutiveRepairFailures,
    IReadOnlyList<string> RepairPendingInstanceIds)
{
    /// <summary>Gets how far the removals under way got (drain start, terminate notification), one entry per instance.</summary>
    /// <value>The default is empty; a state saved before this property existed loads with it empty.</value>
    public IReadOnlyList<RemovalProgress> Removals { get; init; } = [];

    /// <summary>Gets the instances not healthy when the state was saved, with when each turned so, so the repair grace period survives a restart.</summary>
    /// <value>The default is empty; a state saved before this property existed loads with it empty.</value>
    public IReadOnlyList<UnhealthyInstance> Unhealthy { get; init; } = [];

    /// <summary>Returns whether <paramref name="other"/> holds the same state, comparing the instance ids, removals and unhealthy instances as sets.</summary>
    /// <param name="other">The other state.</param>
    /// <returns><see langword="true"/> when both hold the same state.</returns>
    public bool SameAs(ControllerState? other) =>
        other is not null
        && string.Equals(StoppedUpgradeVersion, other.StoppedUpgradeVersion, StringComparison.Ordinal)
        && RepairsSuspended == other.RepairsSuspended
        && ConsecutiveRepairFailures == other.ConsecutiveRepairFailures
        && new HashSet<string>(RepairPendingInstanceIds, StringComparer.Ordinal).SetEquals(other.RepairPendingInstanceIds)
        && new HashSet<RemovalProgress>(Removals ?? []).SetEquals(other.Removals ?? [])
        && new HashSet<UnhealthyInstance>(Unhealthy ?? []).SetEquals(other.Unhealthy ?? []);
}
