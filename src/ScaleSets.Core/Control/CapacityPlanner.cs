using System.Globalization;

namespace ScaleSets.Control;

/// <summary>
/// Capacity and zone placement: creates the instances missing from the desired count (plus overprovisioned extras) in the
/// zones <see cref="ZonePlanner"/> chooses, scales in the surplus with <see cref="ScaleInSelector"/>, and rebalances zones
/// an outage left uneven. Reads instances; returns a <see cref="CapacityPlan"/>.
/// </summary>
internal sealed class CapacityPlanner
{
    public const string AdoptedCause = "adopted";
    private const string RebalanceCause = "zone-rebalance";
    private readonly ScaleSetControllerOptions _options;
    private readonly ZoneAvailability _zones;
    private readonly Func<int, int> _batchSize;
    private string? _lastBlockedReason;

    public CapacityPlanner(ScaleSetControllerOptions options, ZoneAvailability zones, Func<int, int> batchSize)
    {
        _options = options;
        _zones = zones;
        _batchSize = batchSize;
    }

    /// <summary>Plans over <paramref name="instances"/>, counted afresh.</summary>
    public CapacityPlan Plan(IReadOnlyCollection<TrackedInstance> instances, int? desiredCapacity, string? cause, string modelVersion, DateTimeOffset now) =>
        Plan(instances, InstanceCounts.Of(instances), desiredCapacity, cause, modelVersion, now);

    /// <summary>
    /// Plans over <paramref name="instances"/>, whose in-service counts <paramref name="counts"/> holds (the table's, kept as
    /// instances change): a pass at the desired count in one zone visits no instance; scale-in and rebalance list those in
    /// service.
    /// </summary>
    public CapacityPlan Plan(IReadOnlyCollection<TrackedInstance> instances, InstanceCounts counts, int? desiredCapacity, string? cause, string modelVersion, DateTimeOffset now)
    {
        var plan = new CapacityPlan();
        var inServiceCount = counts.InService;
        var surgePending = counts.SurgePending;
        var healthyInService = counts.HealthyInService;
        if (desiredCapacity is null)
        {
            plan.AdoptedDesired = desiredCapacity = inServiceCount;
            cause = AdoptedCause;
            plan.Steps.Emit(ControllerEventKind.CapacityChanged, null, cause, string.Create(CultureInfo.InvariantCulture, $"no desired capacity set: keeping the {inServiceCount} instances found"));
        }

        var desired = desiredCapacity.Value;
        var target = desired + surgePending;
        if (inServiceCount < target)
        {
            var deficit = target - inServiceCount;
            var extra = _options.Overprovision ? Math.Max(1, (int)Math.Ceiling(deficit * _options.OverprovisionPercent / 100.0)) : 0;
            extra = Math.Min(extra, Math.Max(0, _options.MaxInstances - target));
            PlanCreates(plan, counts.ZoneCounts(), deficit + extra, now, cause);
        }
        else if (inServiceCount > target)
        {
            var inService = InService(instances);

            // A scale-in during a surge batch: the smaller set needs no replacement for the outdated instances the batch
            // keeps until their replacements take traffic (a batch sized while the set was larger could keep more than the
            // set now holds). They become scale-in candidates like any other, ranked by the selector (out of service first, then
            // outdated); the rolling upgrade replaces the outdated instances kept.
            var cancelSurge = surgePending > 0;
            if (cancelSurge)
            {
                foreach (var t in inService)
                {
                    if (t.SurgeReplacePending)
                    {
                        plan.Steps.Set(PlanStepKind.ClearSurge, t);
                    }
                }

                target = desired;
            }

            var holdBooting = _options.Overprovision && healthyInService < desired;
            var victims = ScaleInSelector.Select(
                inService,
                inService.Count - target,
                _options.ScaleIn.Rule,
                modelVersion,
                t => (cancelSurge || !t.SurgeReplacePending) && !(holdBooting && !t.EverHealthy && !UpgradeCensus.IsBroken(t)));
            foreach (var t in victims)
            {
                plan.Steps.Remove(t, InstanceRemovalReason.ScaleIn, cause, string.Create(CultureInfo.InvariantCulture, $"scale-in to {desired} ({_options.ScaleIn.Rule})"));
            }
        }
        else if (_zones.Zones.Count > 1 && !_zones.AnyBlocked(now))
        {
            PlanRebalance(plan, instances, counts, modelVersion, now);
        }

        return plan;
    }

    /// <summary>Whether the zones of the instances in service are more than one apart and the rebalance may act on it (no zone blocked).</summary>
    public bool RebalancePending(IEnumerable<TrackedInstance> instances, DateTimeOffset now)
    {
        if (_zones.Zones.Count <= 1 || _zones.AnyBlocked(now))
        {
            return false;
        }

        var inService = instances.Where(t => !t.IsRemoving).ToList();
        var counts = new Dictionary<string, int>(_zones.Zones.Count, StringComparer.Ordinal);
        foreach (var t in inService)
        {
            counts[t.Zone] = counts.GetValueOrDefault(t.Zone) + 1;
        }

        // Instances protected from scale-in can hold a zone long; the balance then is the best the others allow.
        return ZonePlanner.Skew(_zones.Zones, counts) > 1 && ZonePlanner.RebalanceCreates(_zones.Zones, counts, RemovableByZone(inService)) > 0;
    }

    /// <summary>
    /// Rebalance after an outage left zones uneven: add in the short zones; the resulting surplus is scaled in from the long
    /// ones. Counted over instances in service only, so neither removals still under way nor unhealthy instances (which repair
    /// handles) hold it back: at 1000 instances under faults one of each is nearly always about.
    /// </summary>
    private void PlanRebalance(CapacityPlan plan, IReadOnlyCollection<TrackedInstance> instances, InstanceCounts counts, string modelVersion, DateTimeOffset now)
    {
        var zones = _zones.Zones;
        var zoneCounts = counts.ZoneCounts();
        List<TrackedInstance>? inService = null;
        var moves = Math.Min(_batchSize(counts.InService), ZonePlanner.Skew(zones, zoneCounts) > 1 ? ZonePlanner.RebalanceCreates(zones, zoneCounts, RemovableByZone(inService = InService(instances))) : 0);
        var room = _options.MaxInstances - counts.InService;
        if (moves > 0 && room > 0)
        {
            PlanCreates(plan, zoneCounts, Math.Min(moves, room), now, RebalanceCause);
        }
        else if (moves > 0)
        {
            // At MaxInstances there is no room to add first: remove from the long zones; the next pass refills the short ones.
            // While a zone's last create failed as unavailable, remove one only: a probe that costs one replacement per
            // ZoneRetryInterval if that zone is still down (the refill then goes elsewhere).
            var removals = _zones.AnyFailed ? 1 : moves;
            foreach (var t in ScaleInSelector.Select(inService ?? InService(instances), removals, _options.ScaleIn.Rule, modelVersion, t => !t.SurgeReplacePending))
            {
                plan.Steps.Remove(t, InstanceRemovalReason.ScaleIn, RebalanceCause, string.Create(CultureInfo.InvariantCulture, $"zone rebalance at the {_options.MaxInstances}-instance limit"));
            }
        }
    }

    private void PlanCreates(CapacityPlan plan, Dictionary<string, int> zoneCounts, int count, DateTimeOffset now, string? cause)
    {
        // Strict mode probes a zone whose outage may be over with creates in that zone alone: creates elsewhere in the same wave
        // would only be rolled back again if the zone is still down.
        var probing = _options.ZoneBalance == ZoneBalanceMode.Strict && _zones.AnyDueForRetry(now);
        var zones = ZonePlanner.Plan(
            _zones.Zones,
            zoneCounts,
            z => !_zones.IsBlocked(z, now) && (!probing || _zones.HasFailed(z)),
            _options.ZoneBalance,
            count,
            out var blocked);
        if (blocked is not null && !string.Equals(blocked, _lastBlockedReason, StringComparison.Ordinal))
        {
            plan.Steps.Emit(ControllerEventKind.ScaleOutBlocked, null, cause, string.Create(CultureInfo.InvariantCulture, $"scale-out placed {zones.Count} of {count} instances: {blocked}"));
        }

        _lastBlockedReason = blocked;
        plan.PlacementBlocked |= zones.Count < count;
        plan.CreateZones.AddRange(zones);
        plan.CreateCause = cause;
    }

    private static List<TrackedInstance> InService(IReadOnlyCollection<TrackedInstance> instances)
    {
        var inService = new List<TrackedInstance>(instances.Count);
        foreach (var t in instances)
        {
            if (!t.IsRemoving)
            {
                inService.Add(t);
            }
        }

        return inService;
    }

    /// <summary>Counts, per zone, the instances scale-in may choose (not protected from scale-in).</summary>
    private static Dictionary<string, int> RemovableByZone(IEnumerable<TrackedInstance> inService)
    {
        var removable = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in inService)
        {
            removable[t.Zone] = removable.GetValueOrDefault(t.Zone) + (t.Info.ProtectedFromScaleIn ? 0 : 1);
        }

        return removable;
    }
}
