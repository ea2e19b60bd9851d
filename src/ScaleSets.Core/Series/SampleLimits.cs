using ScaleSets.Metrics;

namespace ScaleSets.Series;

/// <summary>What the metric pipeline accepts: how late and how far ahead of the engine's clock a sample may be, and each metric's value range.</summary>
/// <param name="MaxLateness">How far in the past a sample's timestamp may lie; not negative.</param>
/// <param name="MaxClockSkew">How far in the future a sample's timestamp may lie; not negative.</param>
/// <param name="RangeOf">The valid range of a metric, by name.</param>
internal sealed record SampleLimits(TimeSpan MaxLateness, TimeSpan MaxClockSkew, Func<string, MetricValueRange> RangeOf);
