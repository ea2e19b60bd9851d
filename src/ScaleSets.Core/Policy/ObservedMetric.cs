using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>A rule's window aggregate as the policy sees it.</summary>
/// <param name="HasData">Whether the window had any data.</param>
/// <param name="Value">The aggregate (before dividing per instance).</param>
/// <param name="PerInstance">
/// Whether the samples named their instances, so the value is an average over the instances that reported and HPA's
/// replica formula counts them (a value of one set-level series is spread over the ready instances instead). How the
/// flapping guard projects the value is decided by what it means (<see cref="Model.MetricTrigger.ValueKind"/>), not by this.
/// </param>
internal readonly record struct ObservedMetric(bool HasData, double Value, bool PerInstance)
{
    public static ObservedMetric Missing => new(false, double.NaN, false);

    /// <summary>Gets the instances behind the value, when the controller knows them.</summary>
    public InstanceCounts Counts { get; init; } = InstanceCounts.Unknown;
}
