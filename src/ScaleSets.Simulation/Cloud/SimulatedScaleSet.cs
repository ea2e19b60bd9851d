using ScaleSets.Abstractions;

namespace ScaleSets.Simulation.Cloud;

/// <summary>
/// One scale set's instances with their listing kept up to date between list calls: a list call refreshes only the
/// instances that changed or finished booting since the last one, and rebuilds the listing only when instances came or
/// went. The controller lists every pass, and describing all of 1000 instances every pass was a large share of a run.
/// </summary>
/// <remarks>Mutated only under the cloud's lock.</remarks>
internal sealed class SimulatedScaleSet
{
    private readonly List<InstanceInfo> _listing = [];
    private readonly List<SimulatedInstance> _changed = [];

    // Boots not yet seen ending by a list call, by the end of the boot: an instance's description changes when it ends.
    private readonly PriorityQueue<SimulatedInstance, long> _bootsToList = new();
    private readonly ClockTransitions<SimulatedInstance> _bootEnds = new();
    private readonly Func<SimulatedInstance, long, bool> _bootStands;
    private bool _rebuild;

    public SimulatedScaleSet()
    {
        _bootStands = (instance, at) => instance.ReadyAt.UtcTicks == at && IsHere(instance);
    }

    /// <summary>Gets the instances by id, in the order they are listed.</summary>
    public Dictionary<string, SimulatedInstance> Instances { get; } = new(StringComparer.Ordinal);

    public void Add(SimulatedInstance instance)
    {
        Instances.Add(instance.Id, instance);
        _rebuild = true;
    }

    public void Remove(string id)
    {
        if (Instances.Remove(id))
        {
            _rebuild = true;
        }
    }

    /// <summary>Drops an instance's description after a change, so the next list call describes it anew.</summary>
    public void Invalidate(SimulatedInstance instance)
    {
        instance.Cached = null;
        MarkChanged(instance);
    }

    /// <summary>Records a boot started (after <see cref="SimulatedInstance.ReadyAt"/> was set).</summary>
    public void Booted(SimulatedInstance instance)
    {
        Invalidate(instance);
        var at = instance.ReadyAt.UtcTicks;
        _bootsToList.Enqueue(instance, at);
        _bootEnds.Add(instance, at);
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
                MarkChanged(booted);
            }
        }

        if (_rebuild)
        {
            _rebuild = false;
            _listing.Clear();
            foreach (var instance in Instances.Values)
            {
                instance.ListIndex = _listing.Count;
                _listing.Add(instance.Changed || instance.Cached is null ? describe(instance, now) : instance.Cached);
            }
        }
        else
        {
            foreach (var instance in _changed)
            {
                // Every changed instance is still here: one that went would have made the listing rebuild.
                _listing[instance.ListIndex] = describe(instance, now);
            }
        }

        foreach (var instance in _changed)
        {
            instance.Changed = false;
        }

        _changed.Clear();
        return _listing;
    }

    /// <summary>Returns the first end of a boot after <paramref name="after"/>, in UTC ticks, or <see cref="long.MaxValue"/>.</summary>
    public long NextBootEnd(long after)
    {
        if (_bootEnds.TryFirstAfter(after, _bootStands, out var first))
        {
            return first;
        }

        first = long.MaxValue;
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

    private void MarkChanged(SimulatedInstance instance)
    {
        if (!instance.Changed)
        {
            instance.Changed = true;
            _changed.Add(instance);
        }
    }
}
