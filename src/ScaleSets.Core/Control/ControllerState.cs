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

    /// <summary>
    /// Gets the instances in the warm pool (<see cref="WarmPoolOptions"/>): they exist at the provider but are not part of the
    /// set, so a restarted controller keeps them pooled instead of adopting them as serving instances.
    /// </summary>
    /// <value>The default is empty; a state saved before this property existed loads with it empty.</value>
    public IReadOnlyList<string> WarmPoolInstanceIds { get; init; } = [];

    /// <summary>Returns whether <paramref name="other"/> holds the same state, comparing the instance ids, removals, unhealthy and warm-pool instances as sets.</summary>
    /// <param name="other">The other state.</param>
    /// <returns><see langword="true"/> when both hold the same state.</returns>
    public bool SameAs(ControllerState? other) =>
        other is not null
        && string.Equals(StoppedUpgradeVersion, other.StoppedUpgradeVersion, StringComparison.Ordinal)
        && RepairsSuspended == other.RepairsSuspended
        && ConsecutiveRepairFailures == other.ConsecutiveRepairFailures
        && new HashSet<string>(RepairPendingInstanceIds ?? [], StringComparer.Ordinal).SetEquals(other.RepairPendingInstanceIds ?? [])
        && new HashSet<RemovalProgress>(Removals ?? []).SetEquals(other.Removals ?? [])
        && new HashSet<UnhealthyInstance>(Unhealthy ?? []).SetEquals(other.Unhealthy ?? [])
        && new HashSet<string>(WarmPoolInstanceIds ?? [], StringComparer.Ordinal).SetEquals(other.WarmPoolInstanceIds ?? []);

    /// <summary>
    /// Returns this state with every field made safe to act on, as it comes from outside (a file anyone can edit, a
    /// row): missing lists are empty, entries without an instance id and repeated entries are dropped, a negative
    /// failure count is zero. Each change is added to <paramref name="problems"/>.
    /// </summary>
    /// <param name="problems">Receives what was dropped or changed.</param>
    /// <returns>The safe state.</returns>
    internal ControllerState Sanitized(List<string> problems)
    {
        var failures = ConsecutiveRepairFailures;
        if (failures < 0)
        {
            problems.Add($"consecutiveRepairFailures {failures} is negative; read as 0");
            failures = 0;
        }

        var pending = Distinct(RepairPendingInstanceIds, id => id, "repairPendingInstanceIds", problems);
        return new ControllerState(StoppedUpgradeVersion is { Length: > 0 } version ? version : null, RepairsSuspended, failures, pending)
        {
            // A time missing from the JSON reads as 0001-01-01: a drain or grace period long over, which would delete or repair at once.
            Removals = [.. Distinct(Removals, r => r?.InstanceId, "removals", problems).Select(r => r with
            {
                DrainStartedAt = r.DrainStartedAt == DateTimeOffset.MinValue ? null : r.DrainStartedAt,
                TerminateNotBefore = r.TerminateNotBefore == DateTimeOffset.MinValue ? null : r.TerminateNotBefore,
            })],
            Unhealthy = [.. Distinct(Unhealthy, u => u?.InstanceId, "unhealthy", problems).Where(u => u.Since != DateTimeOffset.MinValue)],
            WarmPoolInstanceIds = Distinct(WarmPoolInstanceIds, id => id, "warmPoolInstanceIds", problems),
        };
    }

    private static List<T> Distinct<T>(IReadOnlyList<T>? items, Func<T, string?> id, string field, List<string> problems)
    {
        var kept = new List<T>();
        if (items is null)
        {
            problems.Add($"{field} is missing or null; read as empty");
            return kept;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var item in items)
        {
            if (item is null || id(item) is not { Length: > 0 } key || !seen.Add(key))
            {
                dropped++;
                continue;
            }

            kept.Add(item);
        }

        if (dropped > 0)
        {
            problems.Add($"{field}: {dropped} entries without an instance id or repeated were dropped");
        }

        return kept;
    }
}
