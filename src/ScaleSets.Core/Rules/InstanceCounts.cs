namespace ScaleSets.Rules;

/// <summary>
/// What the controller knows about the instances behind a per-instance value, for Kubernetes HPA's replica formula:
/// how many ready instances reported a sample in the rule's window, and how many are known not to be ready (warming
/// up, or marked not ready). The others of the current capacity reported nothing: they are missing.
/// </summary>
/// <param name="Reporting">The ready instances that reported, or -1 when unknown (every instance is then taken to have reported).</param>
/// <param name="NotReady">The instances known not to be ready.</param>
/// <param name="Missing">The instances of the capacity that reported nothing (set once the capacity is known).</param>
internal readonly record struct InstanceCounts(int Reporting, int NotReady, int Missing = 0)
{
    /// <summary>Gets counts that say nothing: the value is taken to come from every instance of the current capacity.</summary>
    public static InstanceCounts Unknown => new(-1, 0);

    /// <summary>Gets whether the reporting instances are known.</summary>
    public bool IsKnown => Reporting >= 0;

    /// <summary>Returns the counts as HPA's formula uses them for <paramref name="current"/> instances: at most the capacity, the rest missing.</summary>
    public InstanceCounts For(int current)
    {
        var reporting = Math.Min(Reporting, current);
        var notReady = Math.Min(NotReady, current - reporting);
        return new InstanceCounts(reporting, notReady, current - reporting - notReady);
    }
}
