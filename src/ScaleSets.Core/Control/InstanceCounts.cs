using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// The counts a pass needs of the tracked instances: of all, how many are healthy, ready and being removed; of those in
/// service (not being removed), how many, how many healthy, how many outdated ones a surge keeps, how many are not yet
/// settled (unhealthy, not ready or kept by a surge), how many the pool sync has work for, and how many per zone and per
/// model version. <see cref="InstanceTable"/> keeps one up to date as instances come, go and
/// change (each <see cref="TrackedInstance"/> it tracks reports its own changes), so a planner reads them without visiting
/// every instance; <see cref="Of"/> counts a collection the table does not hold. Changed only under the controller's gate.
/// </summary>
internal sealed class InstanceCounts
{
    private readonly Dictionary<string, int> _byZone = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byVersion = new(StringComparer.Ordinal);

    /// <summary>Gets the number of instances counted, removals under way included.</summary>
    public int Total { get; private set; }

    /// <summary>Gets the number of healthy instances, removals under way included.</summary>
    public int Healthy { get; private set; }

    /// <summary>Gets the number of instances ready in the pool, removals under way included.</summary>
    public int Ready { get; private set; }

    /// <summary>Gets the number of instances being removed.</summary>
    public int Removing { get; private set; }

    /// <summary>Gets the number of instances in service.</summary>
    public int InService { get; private set; }

    /// <summary>Gets the number of healthy instances in service.</summary>
    public int HealthyInService { get; private set; }

    /// <summary>Gets the number of instances in service a surge keeps until their replacements are ready.</summary>
    public int SurgePending { get; private set; }

    /// <summary>Gets the number of instances in service the provider reports stopped.</summary>
    public int StoppedInService { get; private set; }

    /// <summary>Gets the number of instances in service that are unhealthy, not ready or kept by a surge.</summary>
    public int UnsettledInService { get; private set; }

    /// <summary>Gets the number of instances in service whose pool membership does not match their health (<see cref="PoolSyncPlanner.NeedsSync"/>).</summary>
    public int PoolSyncNeeded { get; private set; }

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

    /// <summary>Gets the number of instances in service at <paramref name="modelVersion"/>.</summary>
    public int InServiceAt(string modelVersion) => _byVersion.GetValueOrDefault(modelVersion);

    /// <summary>Counts an instance in (as it is now).</summary>
    public void Add(TrackedInstance t) => Count(t, 1);

    /// <summary>Counts an instance out (as it is now).</summary>
    public void Remove(TrackedInstance t) => Count(t, -1);

    private static void Count(Dictionary<string, int> counts, string key, int sign)
    {
        var n = counts.GetValueOrDefault(key) + sign;
        if (n == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = n;
        }
    }

    private void Count(TrackedInstance t, int sign)
    {
        Total += sign;
        Healthy += t.Healthy ? sign : 0;
        Ready += t.IsReady ? sign : 0;
        if (t.IsRemoving)
        {
            Removing += sign;
            return;
        }

        InService += sign;
        HealthyInService += t.Healthy ? sign : 0;
        SurgePending += t.SurgeReplacePending ? sign : 0;
        UnsettledInService += !t.Healthy || !t.IsReady || t.SurgeReplacePending ? sign : 0;
        PoolSyncNeeded += PoolSyncPlanner.NeedsSync(t) ? sign : 0;
        StoppedInService += t.Info.State == InstanceState.Stopped ? sign : 0;
        Count(_byZone, t.Zone, sign);
        Count(_byVersion, t.Info.ModelVersion, sign);
    }
}
