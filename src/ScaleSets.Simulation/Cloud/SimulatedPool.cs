using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// One load balancer pool's members with their listing and the ids of the ready ones kept between calls, as
/// <see cref="SimulatedScaleSet"/> keeps a scale set's: a call describes anew only the members that changed or finished
/// draining since the last one.
/// </summary>
/// <remarks>Mutated only under the cloud's lock.</remarks>
internal sealed class SimulatedPool
{
    private readonly Listing<SimulatedMember, LoadBalancerMember> _listing = new();
    private readonly List<string> _ready = [];

    // Drains not yet seen ending by a list call, by their start: a member's description changes when its drain ends.
    private readonly PriorityQueue<SimulatedMember, long> _drainsToList = new();
    private readonly ClockTransitions<SimulatedMember> _drainStarts;
    private bool _readyChanged = true;
    private int _listedDefaultConnections;
    private TimeSpan _listedDrainTime;

    public SimulatedPool()
    {
        _drainStarts = new ClockTransitions<SimulatedMember>((member, start) => member.State == LoadBalancerMemberState.Draining && member.DrainStartedAt.UtcTicks == start && IsHere(member));
    }

    /// <summary>Gets the members by instance id, in the order they are listed.</summary>
    public Dictionary<string, SimulatedMember> Members { get; } = new(StringComparer.Ordinal);

    public void Add(SimulatedMember member)
    {
        Members[member.InstanceId] = member;
        _listing.MarkChanged(member);
        _listing.ItemsCameOrWent();
        _readyChanged = true;
    }

    public void Remove(string instanceId)
    {
        if (Members.Remove(instanceId))
        {
            _listing.ItemsCameOrWent();
            _readyChanged = true;
        }
    }

    /// <summary>Records a change to a member, so the next call describes it anew.</summary>
    public void Changed(SimulatedMember member)
    {
        _listing.MarkChanged(member);
        _readyChanged = true;
    }

    /// <summary>Records a drain started (after <see cref="SimulatedMember.DrainStartedAt"/> was set).</summary>
    public void DrainStarted(SimulatedMember member)
    {
        var start = member.DrainStartedAt.UtcTicks;
        _drainsToList.Enqueue(member, start);
        _drainStarts.Add(member, start, Members.Count);
    }

    /// <summary>Returns the listing at <paramref name="now"/>, as <paramref name="describe"/> describes each member; the caller copies it.</summary>
    public List<LoadBalancerMember> List(DateTimeOffset now, int defaultConnections, TimeSpan drainTime, Func<SimulatedMember, DateTimeOffset, LoadBalancerMember> describe)
    {
        if (defaultConnections != _listedDefaultConnections || drainTime != _listedDrainTime)
        {
            // The options changed while the cloud runs (or this is the first call): every member is described anew, and
            // drains end at other times.
            _listedDefaultConnections = defaultConnections;
            _listedDrainTime = drainTime;
            _listing.DescribeAll();
            _drainsToList.Clear();
            foreach (var m in Members.Values)
            {
                if (m.State == LoadBalancerMemberState.Draining)
                {
                    _drainsToList.Enqueue(m, m.DrainStartedAt.UtcTicks);
                }
            }
        }

        var ticks = now.UtcTicks;
        while (_drainsToList.TryPeek(out var draining, out var start) && start + drainTime.Ticks <= ticks)
        {
            _drainsToList.Dequeue();
            if (IsHere(draining))
            {
                _listing.MarkChanged(draining);
            }
        }

        return _listing.Refresh(Members.Values, now, describe);
    }

    /// <summary>Returns the instance ids of the members that take traffic, in listing order; the caller copies them.</summary>
    public List<string> ReadyIds()
    {
        if (_readyChanged)
        {
            _readyChanged = false;
            _ready.Clear();
            foreach (var m in Members.Values)
            {
                if (m.State == LoadBalancerMemberState.Ready)
                {
                    _ready.Add(m.InstanceId);
                }
            }
        }

        return _ready;
    }

    /// <summary>Returns the first end of a drain after <paramref name="after"/>, in UTC ticks, or <see cref="long.MaxValue"/>.</summary>
    public long NextDrainEnd(long after, TimeSpan drainTime)
    {
        // Drains are kept by their start, so a drain time changed while the cloud runs still finds them in order.
        if (_drainStarts.TryFirstAfter(after - drainTime.Ticks, out var start))
        {
            return start == long.MaxValue ? long.MaxValue : start + drainTime.Ticks;
        }

        var first = long.MaxValue;
        foreach (var m in Members.Values)
        {
            var drained = m.DrainStartedAt.UtcTicks + drainTime.Ticks;
            if (m.State == LoadBalancerMemberState.Draining && drained > after && drained < first)
            {
                first = drained;
            }
        }

        return first;
    }

    private bool IsHere(SimulatedMember member) => Members.TryGetValue(member.InstanceId, out var current) && ReferenceEquals(current, member);
}
