using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The instances the controller tracks, by id, in the order a dictionary keeps them (insertion order, freed slots reused),
/// which is the order every part visits them in; the <see cref="InstanceCounts"/> of those in service, kept as they change;
/// and the allocation of the numeric indexes new instance names carry. Changed only under the controller's gate.
/// </summary>
internal sealed class InstanceTable
{
    private readonly Dictionary<string, TrackedInstance> _byId = new(StringComparer.Ordinal);
    private readonly string _namePrefix;
    private int _nextIndex;

    public InstanceTable(string scaleSetName) => _namePrefix = scaleSetName + "_";

    public int Count => _byId.Count;

    /// <summary>Gets the counts of the tracked instances in service, up to date with every change.</summary>
    public InstanceCounts Counts { get; } = new();

    /// <summary>Gets every tracked instance, removals under way included.</summary>
    public Dictionary<string, TrackedInstance>.ValueCollection All => _byId.Values;

    public bool TryGet(string id, [MaybeNullWhen(false)] out TrackedInstance instance) => _byId.TryGetValue(id, out instance);

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Counts the instances in service (not being removed).</summary>
    public int CountInService() => Counts.InService;

    /// <summary>Tracks an instance found in a listing; later names never reuse its index.</summary>
    public TrackedInstance Adopt(InstanceInfo info, DateTimeOffset now)
    {
        var index = ParseIndex(info.Name);
        var t = new TrackedInstance(info, index, null) { NotHealthySince = now };
        Track(t);
        _nextIndex = Math.Max(_nextIndex, index + 1);
        return t;
    }

    /// <summary>Tracks an instance this controller created, unless a listing already adopted it.</summary>
    public void AddCreated(InstanceInfo info, string? cause, DateTimeOffset now, bool repairPending)
    {
        if (!_byId.ContainsKey(info.Id))
        {
            Track(new TrackedInstance(info, ParseIndex(info.Name), cause) { NotHealthySince = now, RepairPending = repairPending });
        }
    }

    /// <summary>Notes a name of this scale set held outside the table (a warm-pool instance): later names never reuse its index.</summary>
    public void NoteName(string name) => _nextIndex = Math.Max(_nextIndex, ParseIndex(name) + 1);

    /// <summary>Stops tracking an instance (deleted or lost).</summary>
    public void Untrack(TrackedInstance instance)
    {
        if (_byId.Remove(instance.Id, out var tracked))
        {
            tracked.Counts = null;
            Counts.Remove(tracked);
        }
    }

    private void Track(TrackedInstance t)
    {
        _byId.Add(t.Id, t);
        t.Counts = Counts;
        Counts.Add(t);
    }

    /// <summary>Allocates <paramref name="count"/> new instance names: the lowest indexes from the next one on that no tracked instance holds.</summary>
    public string[] AllocateNames(int count)
    {
        var names = new string[count];
        if (count == 0)
        {
            return names;
        }

        var used = new HashSet<int>(_byId.Count);
        foreach (var t in _byId.Values)
        {
            used.Add(t.Index);
        }

        for (var i = 0; i < count; i++)
        {
            while (used.Contains(_nextIndex))
            {
                _nextIndex++;
            }

            names[i] = _namePrefix + _nextIndex.ToString("D6", CultureInfo.InvariantCulture);
            _nextIndex++;
        }

        return names;
    }

    /// <summary>Gets the index in a name this scale set gave, or -1.</summary>
    public int ParseIndex(string name) =>
        name.StartsWith(_namePrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(_namePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;

    /// <summary>Returns <paramref name="instances"/> in index order, stably (instances without an index keep their order among equals).</summary>
    public static List<TrackedInstance> ByIndex(IEnumerable<TrackedInstance> instances) => [.. instances.OrderBy(t => t.Index)];
}
