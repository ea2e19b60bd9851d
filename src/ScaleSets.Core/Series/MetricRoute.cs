using ScaleSets.Metrics;

namespace ScaleSets.Series;

/// <summary>Where samples of one metric name go: the series that watch the name and the metric's valid range.</summary>
/// <param name="Series">The series whose key names the metric; each still applies its own source and dimension filters.</param>
/// <param name="Range">The metric's valid range, read from the engine options when the store was built or reconfigured.</param>
internal sealed record MetricRoute(MetricSeries[] Series, MetricValueRange Range);
