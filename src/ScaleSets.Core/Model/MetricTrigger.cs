using ScaleSets.Metrics;

namespace ScaleSets.Model;

/// <summary>Which metric a rule watches and how its samples are reduced to one observed value (Azure's <c>metricTrigger</c>).</summary>
public sealed class MetricTrigger
{
    /// <summary>Gets or sets the metric name, matched case-insensitively against <see cref="MetricSample.Metric"/>.</summary>
    public string MetricName { get; set; } = "";

    /// <summary>Gets or sets the source kind the samples must come from, or <see langword="null"/> to accept any source.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public MetricSourceKind? Source { get; set; }

    /// <summary>
    /// Gets or sets the resource whose metric this is (Azure's <c>metricResourceUri</c>: a storage queue, a Service Bus
    /// queue, an Application Insights component, another scale set), or <see langword="null"/> for the scale set itself.
    /// </summary>
    /// <remarks>
    /// Part of the series' identity: triggers on the same metric name of two resources read two series, and a sample feeds
    /// a trigger with a resource only when <see cref="MetricSample.Resource"/> names the same resource (case-insensitive, a
    /// trailing <c>/</c> ignored). A resource equal to <see cref="AutoscaleSetting.TargetResourceUri"/> is the scale set
    /// itself, as in Azure, where <c>metricResourceUri</c> usually repeats the target.
    /// </remarks>
    /// <value>The default is <see langword="null"/>.</value>
    public string? MetricResourceUri { get; set; }

    /// <summary>
    /// Gets or sets the metric namespace (Azure's <c>metricNamespace</c>), or <see langword="null"/> (or empty) for any.
    /// Part of the series' identity; a sample whose <see cref="MetricSample.Namespace"/> is set must name the same one.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? MetricNamespace { get; set; }

    /// <summary>
    /// Returns whether the trigger reads the scale set's own metrics: it names no <see cref="MetricResourceUri"/>, or
    /// names <paramref name="targetResourceUri"/> (case-insensitive, surrounding white space and a trailing <c>/</c> ignored).
    /// </summary>
    /// <param name="targetResourceUri">The setting's <see cref="AutoscaleSetting.TargetResourceUri"/>, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> when the trigger reads another resource's metric.</returns>
    public bool ReadsScaleSetItself(string? targetResourceUri) =>
        ResourceIdentity.OtherThanOwn(MetricResourceUri, ResourceIdentity.IsNone(targetResourceUri) ? null : targetResourceUri) is null;

    /// <summary>Gets or sets the dimension filters; a sample must match all of them.</summary>
    public List<MetricDimensionFilter> Dimensions { get; set; } = [];

    /// <summary>Gets or sets the time grain: samples are bucketed per grain and reduced by <see cref="Statistic"/>.</summary>
    /// <value>The default is one minute. Allowed: 1 minute to 12 hours for threshold rules (Azure's limits); 10 seconds to 12 hours for target-tracking and step rules.</value>
    public TimeSpan TimeGrain { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how the samples of one grain are reduced across the instances.</summary>
    /// <value>The default is <see cref="MetricStatistic.Average"/>.</value>
    public MetricStatistic Statistic { get; set; } = MetricStatistic.Average;

    /// <summary>Gets or sets the time window over which the grain values are aggregated; only complete grains count.</summary>
    /// <value>The default is ten minutes. Allowed: 5 minutes to 12 hours for threshold rules (Azure's limits); one grain to 12 hours for target-tracking and step rules; always at least <see cref="TimeGrain"/>.</value>
    public TimeSpan TimeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how the grain values in the window are reduced to the observed value.</summary>
    /// <value>The default is <see cref="TimeAggregationType.Average"/>.</value>
    public TimeAggregationType TimeAggregation { get; set; } = TimeAggregationType.Average;

    /// <summary>Gets or sets the comparison of the observed value with <see cref="Threshold"/> (threshold and step rules).</summary>
    /// <value>The default is <see cref="ComparisonOperator.GreaterThan"/>.</value>
    public ComparisonOperator Operator { get; set; } = ComparisonOperator.GreaterThan;

    /// <summary>Gets or sets the threshold the observed value is compared with (threshold and step rules).</summary>
    public double Threshold { get; set; }

    /// <summary>
    /// Gets or sets whether the observed value is divided by the current instance count before comparing, so a set-level
    /// total (queue length, request rate) is judged per instance.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DividePerInstance { get; set; }

    /// <summary>
    /// Gets or sets what the observed value means, which decides how the flapping guard projects it to a smaller
    /// capacity: <c>value × current / candidate</c> for a per-instance value, <c>total / candidate</c> with
    /// <see cref="DividePerInstance"/>, unchanged for a set-level total.
    /// </summary>
    /// <value>The default is <see cref="MetricValueKind.Auto"/>: decided by <see cref="DividePerInstance"/> and <see cref="Statistic"/>.</value>
    public MetricValueKind ValueKind { get; set; }
}
