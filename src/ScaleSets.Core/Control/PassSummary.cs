namespace ScaleSets.Control;

/// <summary>Summarizes the instances after a pass into its <see cref="ReconcileResult"/> (a pure function of its inputs).</summary>
internal static class PassSummary
{
    /// <summary>Summarizes <paramref name="instances"/>, counted afresh.</summary>
    public static ReconcileResult Calculate(
        DateTimeOffset time,
        IReadOnlyCollection<TrackedInstance> instances,
        int? desired,
        string modelVersion,
        Func<bool> rebalancePending,
        PassCounters pass) =>
        Calculate(time, InstanceCounts.Of(instances), desired, modelVersion, rebalancePending, pass);

    /// <summary>
    /// Summarizes the instances <paramref name="counts"/> holds (the table's, kept as instances change): converged when the
    /// desired count is set and in service, nothing is being removed, every instance in service is healthy, ready, kept by
    /// no surge and at <paramref name="modelVersion"/>, and no zone rebalance is pending.
    /// </summary>
    public static ReconcileResult Calculate(
        DateTimeOffset time,
        InstanceCounts counts,
        int? desired,
        string modelVersion,
        Func<bool> rebalancePending,
        PassCounters pass)
    {
        var converged = desired is not null
            && counts.Removing == 0
            && counts.UnsettledInService == 0
            && counts.InServiceAt(modelVersion) == counts.InService
            && counts.InService == desired
            && !rebalancePending();
        return new ReconcileResult(time, desired, counts.Total, counts.Healthy, counts.Ready, counts.Removing, pass.Created, pass.Deleted, pass.Failures, converged)
        {
            ScaleOutIncomplete = pass.PlacementBlocked || pass.CreateFailed,
        };
    }
}
