namespace ScaleSets.Control;

/// <summary>The counts a rolling upgrade decides from, taken in one scan of the instances.</summary>
internal sealed class UpgradeCensus
{
    public List<TrackedInstance> Outdated { get; } = [];

    public int InService { get; private set; }

    /// <summary>Gets the instances in service that are broken (see <see cref="IsBroken"/>).</summary>
    public int Unhealthy { get; private set; }

    public int Upgraded { get; private set; }

    public int UpgradedUnhealthy { get; private set; }

    public int UpgradeRemovals { get; set; }

    public int SurgePending { get; set; }

    public int Ready { get; private set; }

    /// <summary>Gets a value indicating whether every upgraded instance is either serving or broken (the batch is over).</summary>
    public bool BatchSettled { get; private set; } = true;

    /// <summary>Whether an instance that is not healthy is broken rather than still booting.</summary>
    public static bool IsBroken(TrackedInstance t) =>
        !t.Healthy && (t.EverHealthy || t.Info.Health == Abstractions.InstanceHealth.Unhealthy || t.Info.State is Abstractions.InstanceState.Failed or Abstractions.InstanceState.Stopped);

    public static UpgradeCensus Of(IEnumerable<TrackedInstance> instances, string version)
    {
        var s = new UpgradeCensus();
        foreach (var t in instances)
        {
            if (t.IsRemoving)
            {
                s.UpgradeRemovals += t.Removal == InstanceRemovalReason.Upgrade ? 1 : 0;
                continue;
            }

            s.InService++;
            s.Ready += t.IsReady && t.Healthy ? 1 : 0;
            var broken = IsBroken(t);
            s.Unhealthy += broken ? 1 : 0;
            s.SurgePending += t.SurgeReplacePending ? 1 : 0;
            if (string.Equals(t.Info.ModelVersion, version, StringComparison.Ordinal))
            {
                s.Upgraded++;
                s.UpgradedUnhealthy += broken ? 1 : 0;
                s.BatchSettled &= (t.Healthy && t.IsReady) || broken;
            }
            else
            {
                s.Outdated.Add(t);
            }
        }

        return s;
    }
}
