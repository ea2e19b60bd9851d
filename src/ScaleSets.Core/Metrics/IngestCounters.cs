namespace ScaleSets.Metrics;

/// <summary>A snapshot of how many samples a <see cref="MetricStore"/> ingested, per <see cref="IngestOutcome"/>.</summary>
/// <param name="Accepted">Samples stored in at least one series.</param>
/// <param name="Unmatched">Samples that no trigger wants.</param>
/// <param name="Late">Samples older than the lateness allowance or the kept grains.</param>
/// <param name="InFuture">Samples further in the future than the allowed clock skew.</param>
/// <param name="NotFinite">Samples whose value is NaN or infinite.</param>
/// <param name="OutOfRange">Samples whose value lies outside the metric's range.</param>
/// <param name="MissingMetricName">Samples without a metric name.</param>
/// <param name="WarmingUp">Samples from instances that were warming up.</param>
internal readonly record struct IngestCounters(
    long Accepted,
    long Unmatched,
    long Late,
    long InFuture,
    long NotFinite,
    long OutOfRange,
    long MissingMetricName,
    long WarmingUp)
{
    /// <summary>Gets the number of samples offered, whatever their outcome.</summary>
    public long Total => Accepted + Unmatched + Late + InFuture + NotFinite + OutOfRange + MissingMetricName + WarmingUp;

    /// <summary>Returns the counter of <paramref name="outcome"/>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>How many samples had that outcome.</returns>
    public long Get(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Accepted => Accepted,
        IngestOutcome.Unmatched => Unmatched,
        IngestOutcome.Late => Late,
        IngestOutcome.InFuture => InFuture,
        IngestOutcome.NotFinite => NotFinite,
        IngestOutcome.OutOfRange => OutOfRange,
        IngestOutcome.MissingMetricName => MissingMetricName,
        IngestOutcome.WarmingUp => WarmingUp,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown ingest outcome."),
    };

    /// <summary>Builds a snapshot from counters indexed by <see cref="IngestOutcome"/>.</summary>
    /// <param name="counts">One counter per outcome, in enum order.</param>
    /// <returns>The snapshot.</returns>
    internal static IngestCounters From(long[] counts) => new(
        counts[(int)IngestOutcome.Accepted],
        counts[(int)IngestOutcome.Unmatched],
        counts[(int)IngestOutcome.Late],
        counts[(int)IngestOutcome.InFuture],
        counts[(int)IngestOutcome.NotFinite],
        counts[(int)IngestOutcome.OutOfRange],
        counts[(int)IngestOutcome.MissingMetricName],
        counts[(int)IngestOutcome.WarmingUp]);
}
