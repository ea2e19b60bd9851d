namespace ScaleSets.Metrics;

/// <summary>One observation of one metric, from one instance or for the whole scale set.</summary>
/// <param name="Metric">The metric name, for example <c>Percentage CPU</c> or <c>QueueLength</c>; matched case-insensitively.</param>
/// <param name="Source">Where the value was measured.</param>
/// <param name="Value">The observed value; must be finite and within the metric's valid range.</param>
/// <param name="Timestamp">When the value was observed.</param>
/// <param name="Instance">The instance that reported it, or <see langword="null"/> for a set-level series such as a queue length.</param>
/// <param name="Dimensions">Optional dimensions (name to value), matched against a rule's dimension filter; names and values are compared case-insensitively.</param>
public readonly record struct MetricSample(
    string Metric,
    MetricSourceKind Source,
    double Value,
    DateTimeOffset Timestamp,
    string? Instance = null,
    IReadOnlyDictionary<string, string>? Dimensions = null);
