namespace ScaleSets.Series;

/// <summary>What <see cref="MetricStore.Ingest"/> did with one sample; every outcome is counted (<see cref="MetricStore.Count"/>).</summary>
internal enum IngestOutcome
{
    /// <summary>The sample was stored in at least one series.</summary>
    Accepted,

    /// <summary>No trigger wants this metric (name, source or dimensions do not match); not an error.</summary>
    Unmatched,

    /// <summary>The timestamp lies more than <c>MaxSampleLateness</c> before now, or before the oldest grain the series keeps.</summary>
    Late,

    /// <summary>The timestamp lies more than <c>MaxClockSkew</c> after now.</summary>
    InFuture,

    /// <summary>The value is NaN or infinite.</summary>
    NotFinite,

    /// <summary>The value lies outside the metric's valid range.</summary>
    OutOfRange,

    /// <summary>The sample has no metric name.</summary>
    MissingMetricName,

    /// <summary>The sample comes from an instance that was warming up at the sample's timestamp; it is left out of the statistics.</summary>
    WarmingUp,
}
