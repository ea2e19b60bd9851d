using ScaleSets.Metrics;

namespace ScaleSets.Sources.Meters;

/// <summary>
/// One <see cref="System.Diagnostics.Metrics"/> instrument read by a <see cref="MeterMetricSource"/>, chosen by its meter's
/// name and its own name. What a sample holds depends on the instrument's kind:
/// <list type="bullet">
/// <item><c>Counter&lt;T&gt;</c>: the sum of the increments in the interval divided by its length, a rate per second (0 when nothing was added);</item>
/// <item><c>ObservableCounter&lt;T&gt;</c>: the observed totals turned into a rate per second, correct across a reset (<see cref="CounterRateTracker"/>);</item>
/// <item><c>UpDownCounter&lt;T&gt;</c>: the running sum of its changes (a queue's length);</item>
/// <item><c>Gauge&lt;T&gt;</c>: the last value recorded; <c>ObservableGauge&lt;T&gt;</c> and <c>ObservableUpDownCounter&lt;T&gt;</c>: the value observed at the poll;</item>
/// <item><c>Histogram&lt;T&gt;</c>: the mean or a percentile of the values recorded in the interval (no sample when none were).</item>
/// </list>
/// </summary>
public sealed class MeterInstrument
{
    /// <summary>Gets or sets the name of the instrument's <see cref="System.Diagnostics.Metrics.Meter"/>, compared ordinally.</summary>
    /// <value>The default is empty; required.</value>
    public string MeterName { get; set; } = string.Empty;

    /// <summary>Gets or sets the instrument's name, compared ordinally, for example <c>orders.queue.length</c>.</summary>
    /// <value>The default is empty; required.</value>
    public string InstrumentName { get; set; } = string.Empty;

    /// <summary>Gets or sets the metric name the samples carry, as rules name it; the instrument's name when <see langword="null"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Metric { get; set; }

    /// <summary>Gets or sets where the metric is measured.</summary>
    /// <value>The default is <see cref="MetricSourceKind.Application"/>.</value>
    public MetricSourceKind Source { get; set; } = MetricSourceKind.Application;

    /// <summary>
    /// Gets or sets the measurement tag whose value is the instance id (for an application that reports for several
    /// instances, or tags its own id); when <see langword="null"/>, samples are set-level. The other tags become the
    /// samples' dimensions, and each distinct set of tags is its own series.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? InstanceTag { get; set; }

    /// <summary>Gets or sets what a histogram's values in one interval become; ignored for other instruments.</summary>
    /// <value>The default is <see cref="MeterHistogramAggregation.Mean"/>.</value>
    public MeterHistogramAggregation HistogramAggregation { get; set; } = MeterHistogramAggregation.Mean;

    /// <summary>Gets or sets the percentile of <see cref="MeterHistogramAggregation.Percentile"/>.</summary>
    /// <value>The default is 95. Must be more than 0 and at most 100.</value>
    public double Percentile { get; set; } = 95;

    internal string MetricName => string.IsNullOrWhiteSpace(Metric) ? InstrumentName : Metric;
}
