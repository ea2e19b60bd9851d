using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Applies one listing of the provider's instances and the pool's members to the <see cref="InstanceTable"/>: known instances
/// get their new state and their member, unknown ones are adopted (an instance with a member already served traffic under
/// a previous controller: no warm-up, no creation hook), vanished ones are dropped. Runs under the controller's gate.
/// </summary>
internal sealed class InstanceObserver
{
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private long _observation;

    public InstanceObserver(InstanceTable table, ControllerGate gate)
    {
        _table = table;
        _gate = gate;
    }

    /// <summary>Applies the listing; returns the instances it dropped and the pool members whose instance does not exist.</summary>
    public (List<TrackedInstance>? Lost, List<LoadBalancerMember>? Orphans) Apply(IReadOnlyList<InstanceInfo> instances, IReadOnlyList<LoadBalancerMember> members, DateTimeOffset now)
    {
        // Each instance is stamped with the observation that saw it and given its member directly, so a pass builds no id set.
        var stamp = ++_observation;
        var untrackedMembers = StampMembers(members, stamp);
        var seen = 0;
        foreach (var info in instances)
        {
            if (_table.TryGet(info.Id, out var t))
            {
                t.Info = info;
            }
            else
            {
                t = Adopt(info, untrackedMembers, stamp, now);
            }

            if (t.Observation != stamp)
            {
                t.Observation = stamp;
                seen++;
            }

            t.Member = t.MemberObservation == stamp ? t.ObservedMember : null;
        }

        var lost = seen != _table.Count ? DropUnlisted(stamp) : null;
        List<LoadBalancerMember>? orphans = null;
        foreach (var m in members)
        {
            if (!_table.TryGet(m.InstanceId, out var owner) || owner.Observation != stamp)
            {
                (orphans ??= []).Add(m);
            }
        }

        return (lost, orphans);
    }

    /// <summary>Gives every tracked instance the member listed for it (the last one listed for an id counts); returns the members of untracked ids.</summary>
    private Dictionary<string, LoadBalancerMember>? StampMembers(IReadOnlyList<LoadBalancerMember> members, long stamp)
    {
        Dictionary<string, LoadBalancerMember>? untracked = null;
        foreach (var m in members)
        {
            if (_table.TryGet(m.InstanceId, out var owner))
            {
                owner.ObservedMember = m;
                owner.MemberObservation = stamp;
            }
            else
            {
                (untracked ??= new(StringComparer.Ordinal))[m.InstanceId] = m;
            }
        }

        return untracked;
    }

    private TrackedInstance Adopt(InstanceInfo info, Dictionary<string, LoadBalancerMember>? untrackedMembers, long stamp, DateTimeOffset now)
    {
        var t = _table.Adopt(info, now);
        if (untrackedMembers is not null && untrackedMembers.TryGetValue(info.Id, out var adopted))
        {
            t.EverHealthy = true;
            t.CreatedHookDone = true;
            t.ObservedMember = adopted;
            t.MemberObservation = stamp;
        }

        _gate.Emit(ControllerEventKind.InstanceAdopted, info.Id, null, $"adopted {info.Name} in zone {info.Zone} at model {info.ModelVersion}");
        return t;
    }

    private List<TrackedInstance> DropUnlisted(long stamp)
    {
        var lost = new List<TrackedInstance>();
        foreach (var t in _table.All)
        {
            if (t.Observation != stamp)
            {
                lost.Add(t);
            }
        }

        foreach (var t in lost)
        {
            _table.Untrack(t);
            _gate.ClearWarmingUp(t.Id);
            _gate.Emit(ControllerEventKind.InstanceLost, t.Id, t.IsRemoving ? t.RemovalCauseId : t.CauseId, $"{t.Info.Name} vanished from the provider; it will be replaced");
        }

        return lost;
    }
}
