namespace ScaleSets.Model;

/// <summary>
/// What a rule's observed value means, which decides how Azure's flapping guard projects it to a smaller capacity
/// before a scale-in.
/// </summary>
public enum MetricValueKind
{
    /// <summary>
    /// Decided by the trigger: with <see cref="MetricTrigger.DividePerInstance"/> a set-level total divided per instance;
    /// with the statistic <see cref="MetricStatistic.Sum"/> or <see cref="MetricStatistic.Count"/> a <see cref="Total"/>; with <see cref="MetricStatistic.Average"/>,
    /// <see cref="MetricStatistic.Min"/> or <see cref="MetricStatistic.Max"/> a <see cref="PerInstance"/> value, whether
    /// the samples name their instances or arrive as one set-level series.
    /// </summary>
    Auto,

    /// <summary>
    /// An average, minimum or maximum over the instances (CPU, memory, requests per instance): the same load on fewer
    /// instances gives <c>value × current / candidate</c>. A scale set's <c>Percentage CPU</c> as Azure Monitor delivers
    /// it (one set-level average) is such a value.
    /// </summary>
    PerInstance,

    /// <summary>A value of the whole set that does not change with the instance count (a queue length against a fixed threshold): never projected.</summary>
    Total,
}
