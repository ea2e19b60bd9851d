namespace ScaleSets.Control;

/// <summary>
/// The counts a pass needs of the instances in service (not being removed): how many, how many healthy, how many outdated
/// ones a surge keeps, and how many per zone. <see cref="InstanceTable"/> keeps one up to date as instances come, go and
/// change (each <see cref="TrackedInstance"/> it tracks reports its own changes), so a planner reads them without visiting
/// every instance; <see cref="Of"/> counts a collection the table does not hold. Changed only under the controller's gate.
/// </summary>
internal sealed class InstanceCounts
{
    private readonly Dictionary<string, int> _byZone = new(StringComparer.Ordinal);

    /// <summary>Gets the number of instances in service.</summary>
    public int InService { get; private set; }

    /// <summary>Gets the number of healthy instances in service.</summary>
    public int HealthyInService { get; private set; }

    /// <summary>Gets the number of instances in service a surge keeps until their replacements are ready.</summary>
    public int SurgePending { get; private set; }

    /// <summary>Counts <paramref name="instances"/> afresh.</summary>
    public static InstanceCounts Of(IEnumerable<TrackedInstance> instances)
    {
        var counts = new InstanceCounts();
        foreach (var t in instances)
        {
            counts.Add(t);
        }

        return counts;
    }

    /// <summary>Returns a copy of the in-service count of each zone that has any, for a planner to change.</summary>
    public Dictionary<string, int> ZoneCounts() => new(_byZone, StringComparer.Ordinal);

    /// <summary>Counts an instance in (as it is now).</summary>
    public void Add(TrackedInstance t) => Count(t.IsRemoving, t.Healthy, t.SurgeReplacePending, t.Zone, 1);

    /// <summary>Counts an instance out (as it is now).</summary>
    public void Remove(TrackedInstance t) => Count(t.IsRemoving, t.Healthy, t.SurgeReplacePending, t.Zone, -1);

    private void Count(bool removing, bool healthy, bool surge, string zone, int sign)
    {
        if (removing)
        {
            return;
        }

        InService += sign;
        HealthyInService += healthy ? sign : 0;
        SurgePending += surge ? sign : 0;
        CountZone(zone, sign);
    }

    private void CountZone(string zone, int sign)
    {
        var n = _byZone.GetValueOrDefault(zone) + sign;
        if (n == 0)
        {
            _byZone.Remove(zone);
        }
        else
        {
            _byZone[zone] = n;
        }
    }
}
