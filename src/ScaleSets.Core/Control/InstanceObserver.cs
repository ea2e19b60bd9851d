using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// Applies one listing of the provider's instances and the pool's members to the <see cref="InstanceTable"/>: known instances
/// get their new state and their member, unknown ones are adopted (an instance with a member already served traffic under
/// a previous controller: no warm-up, no creation hook), vanished ones are dropped. Runs under the controller's gate.
/// </summary>
/// <remarks>
/// A listing mostly repeats the last one. An entry that is the very object the last listing held at the same position (a
/// provider that keeps the descriptions of unchanged instances hands the same ones out again) is matched to the instance
/// it was matched to then, if the table still tracks that instance, without looking its id up; any other entry is looked up
/// by id. The outcome is the same either way: an id maps to one tracked instance.
/// </remarks>
internal sealed class InstanceObserver
{
    private readonly InstanceTable _table;
    private readonly ControllerGate _gate;
    private long _observation;
    private InstanceInfo[] _lastInstances = [];
    private TrackedInstance?[] _lastTracked = [];
    private LoadBalancerMember[] _lastMembers = [];
    private TrackedInstance?[] _lastOwners = [];

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
        // The last listing's arrays are matched and overwritten in place, position by position.
        Array.Resize(ref _lastMembers, members.Count);
        Array.Resize(ref _lastOwners, members.Count);
        Array.Resize(ref _lastInstances, instances.Count);
        Array.Resize(ref _lastTracked, instances.Count);
        var owners = _lastOwners;
        var untrackedMembers = StampMembers(members, stamp);
        var tracked = _lastTracked;
        var seen = 0;
        for (var i = 0; i < instances.Count; i++)
        {
            var info = instances[i];
            if (!ReferenceEquals(info, _lastInstances[i]) || tracked[i] is not { IsTracked: true })
            {
                _lastInstances[i] = info;
                if (_table.TryGet(info.Id, out var t))
                {
                    t.Info = info;
                    tracked[i] = t;
                }
                else
                {
                    tracked[i] = Adopt(info, untrackedMembers, stamp, now);
                }
            }
            else
            {
                // Matched without a lookup; the controller may have given it another description since (a start's answer).
                tracked[i]!.Info = info;
            }
        }

        foreach (var t in tracked)
        {
            if (t!.Observation != stamp)
            {
                t.Observation = stamp;
                seen++;
            }

            t.Member = t.MemberObservation == stamp ? t.ObservedMember : null;
        }

        var lost = seen != _table.Count ? DropUnlisted(stamp) : null;
        List<LoadBalancerMember>? orphans = null;
        for (var j = 0; j < members.Count; j++)
        {
            // A member of an id untracked when the members were stamped may belong to an instance adopted since.
            var m = members[j];
            if (owners[j] is null && _table.TryGet(m.InstanceId, out var adopted))
            {
                owners[j] = adopted;
            }

            if (owners[j] is not { } owner || owner.Observation != stamp)
            {
                (orphans ??= []).Add(m);
            }
        }

        return (lost, orphans);
    }

    /// <summary>
    /// Gives every tracked instance the member listed for it (the last one listed for an id counts) and notes it among the
    /// owners; returns the members of untracked ids.
    /// </summary>
    private Dictionary<string, LoadBalancerMember>? StampMembers(IReadOnlyList<LoadBalancerMember> members, long stamp)
    {
        Dictionary<string, LoadBalancerMember>? untracked = null;
        var owners = _lastOwners;
        for (var j = 0; j < members.Count; j++)
        {
            var m = members[j];
            if (!ReferenceEquals(m, _lastMembers[j]) || owners[j] is not { IsTracked: true })
            {
                _lastMembers[j] = m;
                owners[j] = _table.TryGet(m.InstanceId, out var found) ? found : null;
            }

            if (owners[j] is { } owner)
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
