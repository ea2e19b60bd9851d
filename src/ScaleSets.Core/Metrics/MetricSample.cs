namespace ScaleSets.Metrics;

/// <summary>One observation of one metric, from one instance or for the whole scale set.</summary>
/// <param name="Metric">The metric name, for example <c>Percentage CPU</c> or <c>QueueLength</c>; matched case-insensitively.</param>
/// <param name="Source">Where the value was measured.</param>
/// <param name="Value">The observed value; must be finite and within the metric's valid range.</param>
/// <param name="Timestamp">When the value was observed.</param>
/// <param name="Instance">The instance that reported it, or <see langword="null"/> for a set-level series such as a queue length.</param>
/// <param name="Dimensions">Optional dimensions (name to value), matched against a rule's dimension filter; names and values are compared case-insensitively.</param>
/// <param name="Resource">
/// The resource the metric belongs to (Azure's <c>metricResourceUri</c>, for example a storage queue or an Application
/// Insights component), or <see langword="null"/> for the scale set itself. A sample with a resource feeds only the triggers
/// of that resource (compared case-insensitively, a trailing <c>/</c> ignored); one without feeds only the triggers without
/// a resource. A resource equal to the setting's target resource (<c>AutoscaleSetting.TargetResourceUri</c>) is the scale set itself.
/// </param>
/// <param name="Namespace">
/// The metric namespace (Azure's <c>metricNamespace</c>), or <see langword="null"/> when the reporter does not know it. A
/// sample with a namespace feeds only the triggers of that namespace or of none; one without feeds every namespace.
/// </param>
public readonly record struct MetricSample(
    string Metric,
    MetricSourceKind Source,
    double Value,
    DateTimeOffset Timestamp,
    string? Instance = null,
    IReadOnlyDictionary<string, string>? Dimensions = null,
    string? Resource = null,
    string? Namespace = null);
