using ScaleSets.Metrics;

namespace ScaleSets.Engine;

/// <summary>Options of the autoscale engine, shared by every scale set it runs.</summary>
public sealed class AutoscaleEngineOptions
{
    /// <summary>Gets or sets how often every scale set is evaluated. Azure autoscale evaluates every 30 to 60 seconds.</summary>
    /// <value>The default is one minute. Allowed: 1 second to 1 hour.</value>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how far in the past a sample's timestamp may lie when it arrives; older samples are dropped and counted.</summary>
    /// <value>The default is five minutes.</value>
    public TimeSpan MaxSampleLateness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how far in the future a sample's timestamp may lie (clock skew between reporter and engine); later ones are rejected.</summary>
    /// <value>The default is one minute.</value>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the largest capacity a profile may allow.</summary>
    /// <value>The default is 1000, the scale set instance limit.</value>
    public int InstanceLimit { get; set; } = 1000;

    /// <summary>Gets or sets where a predictive policy's models are refitted: beside the evaluation or inside it.</summary>
    /// <value>The default is <see cref="PredictiveRefitMode.Background"/>.</value>
    public PredictiveRefitMode PredictiveRefit { get; set; } = PredictiveRefitMode.Background;

    /// <summary>Gets the valid value range of individual metrics, by metric name (case-insensitive).</summary>
    public Dictionary<string, MetricValueRange> MetricRanges { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Percentage CPU"] = MetricValueRange.Percentage,
    };

    /// <summary>Gets or sets the valid value range of metrics not listed in <see cref="MetricRanges"/>.</summary>
    /// <value>The default is <see cref="MetricValueRange.NonNegative"/>.</value>
    public MetricValueRange DefaultMetricRange { get; set; } = MetricValueRange.NonNegative;

    /// <summary>Returns the valid range of <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric name.</param>
    /// <returns>Its range from <see cref="MetricRanges"/>, or <see cref="DefaultMetricRange"/>.</returns>
    public MetricValueRange GetRange(string metric) =>
        MetricRanges.TryGetValue(metric, out var range) ? range : DefaultMetricRange;
}
