using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// One scale set's instances with their listing kept between list calls: a call describes anew only the instances that
/// changed or finished booting since the last one (<see cref="Listing{TItem, TInfo}"/>). The controller lists every pass,
/// so a listing costs what changed rather than the set's size.
/// </summary>
/// <remarks>Mutated only under the cloud's lock.</remarks>
internal sealed class SimulatedScaleSet
{
    private readonly Listing<SimulatedInstance, InstanceInfo> _listing = new();

    // Boots not yet seen ending by a list call, by the end of the boot: an instance's description changes when it ends.
    private readonly PriorityQueue<SimulatedInstance, long> _bootsToList = new();
    private readonly ClockTransitions<SimulatedInstance> _bootEnds;

    public SimulatedScaleSet()
    {
        _bootEnds = new ClockTransitions<SimulatedInstance>((instance, at) => instance.ReadyAt.UtcTicks == at && IsHere(instance));
    }

    /// <summary>Gets the instances by id, in the order they are listed.</summary>
    public Dictionary<string, SimulatedInstance> Instances { get; } = new(StringComparer.Ordinal);

    public void Add(SimulatedInstance instance)
    {
        Instances.Add(instance.Id, instance);
        _listing.MarkChanged(instance);
        _listing.ItemsCameOrWent();
    }

    public void Remove(string id)
    {
        if (Instances.Remove(id))
        {
            _listing.ItemsCameOrWent();
        }
    }

    /// <summary>Drops an instance's description after a change, so the next list call describes it anew.</summary>
    public void Invalidate(SimulatedInstance instance)
    {
        instance.Cached = null;
        _listing.MarkChanged(instance);
    }

    /// <summary>Records a boot started (after <see cref="SimulatedInstance.ReadyAt"/> was set).</summary>
    public void Booted(SimulatedInstance instance)
    {
        Invalidate(instance);
        var at = instance.ReadyAt.UtcTicks;
        _bootsToList.Enqueue(instance, at);
        _bootEnds.Add(instance, at, Instances.Count);
    }

    /// <summary>Returns the listing at <paramref name="now"/>, as <paramref name="describe"/> describes each instance; the caller copies it.</summary>
    public List<InstanceInfo> List(DateTimeOffset now, Func<SimulatedInstance, DateTimeOffset, InstanceInfo> describe)
    {
        var ticks = now.UtcTicks;
        while (_bootsToList.TryPeek(out var booted, out var at) && at <= ticks)
        {
            // A withdrawn boot of an instance still here only describes it as before; one that went is not listed.
            _bootsToList.Dequeue();
            if (IsHere(booted))
            {
                _listing.MarkChanged(booted);
            }
        }

        return _listing.Refresh(Instances.Values, now, describe);
    }

    /// <summary>Returns the first end of a boot after <paramref name="after"/>, in UTC ticks, or <see cref="long.MaxValue"/>.</summary>
    public long NextBootEnd(long after)
    {
        if (_bootEnds.TryFirstAfter(after, out var first))
        {
            return first;
        }

        foreach (var instance in Instances.Values)
        {
            var at = instance.ReadyAt.UtcTicks;
            if (at > after && at < first)
            {
                first = at;
            }
        }

        return first;
    }

    private bool IsHere(SimulatedInstance instance) => Instances.TryGetValue(instance.Id, out var current) && ReferenceEquals(current, instance);
}
