namespace ScaleSets.Engine;

/// <summary>A snapshot of what happened to the samples a scale set received.</summary>
/// <param name="Accepted">Samples that entered at least one rule's series.</param>
/// <param name="Unmatched">Samples of metrics no rule watches (not an error).</param>
/// <param name="Late">Samples older than the allowed lateness, dropped.</param>
/// <param name="InFuture">Samples stamped further ahead than the allowed clock skew, rejected.</param>
/// <param name="NotFinite">NaN or infinite values, rejected.</param>
/// <param name="OutOfRange">Values outside the metric's valid range, rejected.</param>
/// <param name="MissingMetricName">Samples without a metric name, rejected.</param>
/// <param name="WarmingUp">Samples from instances still warming up, left out of the statistics.</param>
/// <param name="SourcesFaulted">Metric sources that signalled an error.</param>
/// <param name="SourcesCompleted">Metric sources that completed.</param>
public readonly record struct IngestStatistics(
    long Accepted,
    long Unmatched,
    long Late,
    long InFuture,
    long NotFinite,
    long OutOfRange,
    long MissingMetricName,
    long WarmingUp,
    int SourcesFaulted,
    int SourcesCompleted)
{
    /// <summary>Gets the number of samples rejected as invalid or dropped as too late.</summary>
    public long Rejected => Late + InFuture + NotFinite + OutOfRange + MissingMetricName;
}
