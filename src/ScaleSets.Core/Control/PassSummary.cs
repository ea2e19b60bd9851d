namespace ScaleSets.Control;

/// <summary>Summarizes the instances after a pass into its <see cref="ReconcileResult"/> (a pure function of its inputs).</summary>
internal static class PassSummary
{
    public static ReconcileResult Calculate(
        DateTimeOffset time,
        IReadOnlyCollection<TrackedInstance> instances,
        int? desired,
        string modelVersion,
        Func<bool> rebalancePending,
        PassCounters pass)
    {
        int healthy = 0, ready = 0, removing = 0, inService = 0;
        var converged = desired is not null;
        foreach (var t in instances)
        {
            healthy += t.Healthy ? 1 : 0;
            ready += t.IsReady ? 1 : 0;
            if (t.IsRemoving)
            {
                removing++;
                converged = false;
                continue;
            }

            inService++;
            if (!t.Healthy || !t.IsReady || t.SurgeReplacePending || !string.Equals(t.Info.ModelVersion, modelVersion, StringComparison.Ordinal))
            {
                converged = false;
            }
        }

        converged = converged && inService == desired && !rebalancePending();
        return new ReconcileResult(time, desired, instances.Count, healthy, ready, removing, pass.Created, pass.Deleted, pass.Failures, converged)
        {
            ScaleOutIncomplete = pass.PlacementBlocked || pass.CreateFailed,
        };
    }
}
