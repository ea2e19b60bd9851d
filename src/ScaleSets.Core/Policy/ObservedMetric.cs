namespace ScaleSets.Policy;

/// <summary>A rule's window aggregate as the policy sees it.</summary>
/// <param name="HasData">Whether the window had any data.</param>
/// <param name="Value">The aggregate (before dividing per instance).</param>
/// <param name="PerInstance">
/// Whether the value describes one instance (an average, minimum or maximum of per-instance samples), so it scales
/// with <c>1 / capacity</c> and the flapping guard projects it; set-level totals are not projected.
/// </param>
internal readonly record struct ObservedMetric(bool HasData, double Value, bool PerInstance)
{
    public static ObservedMetric Missing => new(false, double.NaN, false);
}
