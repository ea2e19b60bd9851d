using ScaleSets.Metrics;

namespace ScaleSets.Prometheus;

/// <summary>One metric read by a PromQL instant query at every poll.</summary>
public sealed class PrometheusQuery
{
    /// <summary>Gets or sets the metric name the samples carry, as a rule names it (for example <c>Percentage CPU</c>).</summary>
    /// <value>The default is empty; required.</value>
    public string Metric { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the PromQL expression, evaluated at the poll's time, for example
    /// <c>100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[1m])))</c>.
    /// </summary>
    /// <value>The default is empty; required.</value>
    public string Query { get; set; } = string.Empty;

    /// <summary>Gets or sets where the metric is measured, as the samples report it.</summary>
    /// <value>The default is <see cref="MetricSourceKind.Guest"/> (what node_exporter measures inside an instance).</value>
    public MetricSourceKind Source { get; set; } = MetricSourceKind.Guest;

    /// <summary>
    /// Gets or sets whether the query yields one series per instance. When <see langword="true"/> each series becomes a
    /// sample of the instance its label names; a scalar, or a vector of one series without the label, is still a set-level
    /// sample. When <see langword="false"/> the answer must be a scalar or exactly one series (aggregate with <c>sum</c>,
    /// <c>avg</c>…), which becomes a set-level sample.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool PerInstance { get; set; } = true;

    /// <summary>Gets or sets the label naming the instance for this query; <see cref="PrometheusMetricsOptions.InstanceLabel"/> when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? InstanceLabel { get; set; }
}
