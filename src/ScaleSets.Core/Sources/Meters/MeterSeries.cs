namespace ScaleSets.Sources.Meters;

/// <summary>
/// What one series (one instrument, one set of tags) accumulated: guarded by the aggregator's lock, written by
/// measurements from any thread, read and reset at each poll.
/// </summary>
internal sealed class MeterSeries(string? instance, IReadOnlyDictionary<string, string>? dimensions, string? problem)
{
    /// <summary>Gets the instance id from the instance tag, or <see langword="null"/> for a set-level series.</summary>
    public string? Instance { get; } = instance;

    /// <summary>Gets the tags other than the instance tag.</summary>
    public IReadOnlyDictionary<string, string>? Dimensions { get; } = dimensions;

    /// <summary>Gets why this series cannot become samples (its instance tag is missing), or <see langword="null"/>.</summary>
    public string? Problem { get; } = problem;

    /// <summary>Counter: the increments since the last poll. UpDownCounter: the running value. Gauge: the last value.</summary>
    public double Value { get; set; }

    /// <summary>Gets or sets whether anything was recorded since the last poll (observables: since the last observation).</summary>
    public bool Fresh { get; set; }

    /// <summary>Gets or sets a value that was not a finite number, recorded since the last poll.</summary>
    public double? Rejected { get; set; }

    /// <summary>Histogram: the sum and count of the values since the last poll.</summary>
    public double Sum { get; set; }

    public long Count { get; set; }

    /// <summary>Histogram: the values kept for a percentile (a uniform sample once more were recorded than are kept).</summary>
    public List<double>? Values { get; set; }
}
