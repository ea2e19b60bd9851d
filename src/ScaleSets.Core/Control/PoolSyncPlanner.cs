using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Decides the load balancer calls that make pool membership follow health: a healthy instance in service is registered and
/// set ready (overprovisioned extras beyond the desired count stay out), an unhealthy one is drained, and one that came back
/// at another address is registered again. Visits the instances in index order.
/// </summary>
internal static class PoolSyncPlanner
{
    /// <summary>Plans the member calls for <paramref name="instances"/> given the desired capacity.</summary>
    public static List<PoolSyncAction> Plan(IEnumerable<TrackedInstance> instances, int? desiredCapacity)
    {
        int surge = 0, inPool = 0;
        var candidates = new List<TrackedInstance>();
        foreach (var t in instances)
        {
            surge += t.SurgeReplacePending ? 1 : 0;
            inPool += !t.IsRemoving && t.InPool && t.Healthy ? 1 : 0;
            if (NeedsSync(t))
            {
                candidates.Add(t);
            }
        }

        var actions = new List<PoolSyncAction>();
        var allowed = (desiredCapacity ?? int.MaxValue) + surge;
        foreach (var t in InstanceTable.ByIndex(candidates))
        {
            if (!t.Healthy)
            {
                actions.Add(new PoolSyncAction(t, LoadBalancerMemberState.Draining, RollsBackRemoval: false));
            }
            else if (t.Member is null)
            {
                // Overprovisioned extras stay out of the pool: the first to turn healthy are kept, the rest deleted unseen.
                if (inPool < allowed)
                {
                    inPool++;
                    actions.Add(new PoolSyncAction(t, LoadBalancerMemberState.Registered, RollsBackRemoval: true));
                }
            }
            else if (AddressChanged(t))
            {
                // The instance came back at another address (a reboot with a new DHCP lease): the member points nowhere.
                actions.Add(new PoolSyncAction(t, LoadBalancerMemberState.Registered, RollsBackRemoval: false));
            }
            else
            {
                // Back in service: a removal a controller before a restart had started is rolled back.
                actions.Add(new PoolSyncAction(t, LoadBalancerMemberState.Ready, RollsBackRemoval: true));
            }
        }

        return actions;
    }

    /// <summary>Whether an instance in service has a pool membership that does not match its health: healthy and not ready (or at a stale address), or unhealthy and ready.</summary>
    public static bool NeedsSync(TrackedInstance t) =>
        !t.IsRemoving && (t.Healthy ? t.Member is not { State: LoadBalancerMemberState.Ready } || AddressChanged(t) : t.Member is { State: LoadBalancerMemberState.Ready });

    public static bool AddressChanged(TrackedInstance t) =>
        t.Member is not null && t.Info.Address is not null && !string.Equals(t.Member.Address, t.Info.Address, StringComparison.Ordinal);
}
