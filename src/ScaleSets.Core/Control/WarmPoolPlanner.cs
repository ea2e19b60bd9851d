using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The warm pool's decisions for one pass, as AWS EC2 Auto Scaling and Azure standby pools make them: a scale-out takes
/// prepared instances of the current model first (zone by zone, for the creates the <see cref="CapacityPlanner"/> planned),
/// booted instances are stopped (a <see cref="WarmPoolState.Stopped"/> pool), instances of another model, broken ones and
/// those not prepared within the repair grace period are replaced, a surplus is deleted, and the pool is refilled to
/// <see cref="WarmPoolOptions.TargetSize"/> spread over the zones. Reads the pool; returns a <see cref="WarmPoolPlan"/>.
/// </summary>
internal sealed class WarmPoolPlanner
{
    private readonly WarmPoolOptions _options;
    private readonly TimeSpan _prepareTimeout;

    public WarmPoolPlanner(WarmPoolOptions options, TimeSpan prepareTimeout)
    {
        _options = options;
        _prepareTimeout = prepareTimeout;
    }

    /// <summary>Plans the pass.</summary>
    /// <param name="pool">The pooled instances, in the pool's order.</param>
    /// <param name="createZones">The zone of each create the capacity planner planned (a scale-out); a take replaces one.</param>
    /// <param name="desired">The set's desired capacity (0 when none is set).</param>
    /// <param name="modelVersion">The current model version.</param>
    /// <param name="zones">The set's zones, in order.</param>
    /// <param name="zoneAvailable">Whether a zone may take a new instance now.</param>
    /// <param name="now">The pass's time.</param>
    /// <param name="returning">How many of the set's scale-in removals will come back to the pool (<see cref="WarmPoolOptions.ReuseOnScaleIn"/>): the refill leaves room for them.</param>
    public WarmPoolPlan Plan(
        IReadOnlyCollection<PooledInstance> pool,
        IReadOnlyList<string> createZones,
        int desired,
        string modelVersion,
        IReadOnlyList<string> zones,
        Func<string, bool> zoneAvailable,
        DateTimeOffset now,
        int returning = 0)
    {
        var plan = new WarmPoolPlan { TargetSize = _options.TargetSize(desired) };
        var state = _options.PoolState;
        var kept = new List<PooledInstance>(pool.Count);
        foreach (var p in pool)
        {
            if (p.IsRemoving)
            {
                // A delete that failed is asked again.
                plan.Removals.Add((p, p.Removal!));
            }
            else if (Replace(p, modelVersion, now) is { } why)
            {
                plan.Removals.Add((p, why));
            }
            else
            {
                kept.Add(p);
            }
        }

        // A scale-out starts prepared instances instead of creating new ones, in the zones the creates were placed in.
        var taken = new HashSet<PooledInstance>();
        for (var i = 0; i < createZones.Count; i++)
        {
            PooledInstance? best = null;
            foreach (var p in kept)
            {
                if (string.Equals(p.Zone, createZones[i], StringComparison.Ordinal) && p.IsPrepared(state) && !taken.Contains(p)
                    && (best is null || p.Index < best.Index))
                {
                    best = p;
                }
            }

            if (best is not null)
            {
                taken.Add(best);
                plan.Takes.Add((best, i));
            }
        }

        var remaining = kept.Where(p => !taken.Contains(p)).ToList();
        if (state == WarmPoolState.Stopped)
        {
            foreach (var p in remaining)
            {
                if (!p.StopRequested && p.Info.State == InstanceState.Running && p.Info.Health == InstanceHealth.Healthy)
                {
                    plan.Stops.Add(p);
                }
            }
        }

        if (remaining.Count > plan.TargetSize)
        {
            // The surplus goes newest first among those not yet prepared, then newest first among the prepared.
            var surplus = remaining.OrderBy(p => p.IsPrepared(state) ? 1 : 0).ThenByDescending(p => p.Index).Take(remaining.Count - plan.TargetSize).ToList();
            foreach (var p in surplus)
            {
                plan.Removals.Add((p, string.Create(CultureInfo.InvariantCulture, $"the pool holds {remaining.Count}, more than its size {plan.TargetSize} at desired capacity {desired}")));
                plan.Stops.Remove(p);
            }
        }
        else if (remaining.Count + returning < plan.TargetSize)
        {
            PlanRefill(plan, remaining, plan.TargetSize - remaining.Count - returning, zones, zoneAvailable);
        }

        return plan;
    }

    /// <summary>Why a pooled instance must be replaced, or <see langword="null"/> when it may stay.</summary>
    private string? Replace(PooledInstance p, string modelVersion, DateTimeOffset now)
    {
        var info = p.Info;
        if (!string.Equals(info.ModelVersion, modelVersion, StringComparison.Ordinal))
        {
            return $"model {info.ModelVersion} is outdated (current {modelVersion})";
        }

        if (p.Broken is { } broken)
        {
            return broken;
        }

        if (info.State == InstanceState.Failed || (info.State == InstanceState.Running && info.Health == InstanceHealth.Unhealthy))
        {
            return $"it is {(info.State == InstanceState.Failed ? "failed" : "unhealthy")}";
        }

        if (!p.IsPrepared(_options.PoolState) && !p.StopRequested && now - p.Since > _prepareTimeout)
        {
            return string.Create(CultureInfo.InvariantCulture, $"not prepared within {_prepareTimeout:c} (state {info.State}, health {info.Health})");
        }

        return null;
    }

    /// <summary>Spreads the refill over the available zones: each new instance goes to the zone with the fewest pooled instances.</summary>
    private static void PlanRefill(WarmPoolPlan plan, List<PooledInstance> remaining, int count, IReadOnlyList<string> zones, Func<string, bool> zoneAvailable)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var z in zones)
        {
            counts[z] = 0;
        }

        foreach (var p in remaining)
        {
            if (counts.TryGetValue(p.Zone, out var n))
            {
                counts[p.Zone] = n + 1;
            }
        }

        var open = zones.Where(zoneAvailable).ToList();
        for (var i = 0; i < count && open.Count > 0; i++)
        {
            var zone = open[0];
            foreach (var z in open)
            {
                if (counts[z] < counts[zone])
                {
                    zone = z;
                }
            }

            counts[zone]++;
            plan.RefillZones.Add(zone);
        }
    }
}
