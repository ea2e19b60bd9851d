namespace ScaleSets.Traces;

/// <summary>Options of <see cref="TraceCsvReader"/>: which columns hold the data and how the trace is made regular.</summary>
public sealed class TraceCsvOptions
{
    /// <summary>Gets or sets the name of the column holding the value (matched case-insensitively).</summary>
    /// <value>The default is <c>value</c>.</value>
    public string ValueColumn { get; set; } = "value";

    /// <summary>Gets or sets the name of the column holding the ISO 8601 timestamp (matched case-insensitively).</summary>
    /// <value>The default is <c>timestamp</c>.</value>
    public string TimestampColumn { get; set; } = "timestamp";

    /// <summary>
    /// Gets or sets the interval of the regular series produced. When <see langword="null"/>, the median spacing of
    /// consecutive timestamps is used.
    /// </summary>
    /// <value>The default is <see langword="null"/> (inferred from the data).</value>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// Gets or sets whether a negative value is read as is. A load (requests, a utilization) cannot be negative; set
    /// <see langword="false"/> to reject such a row with an error naming the file and line.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AllowNegativeValues { get; set; } = true;

    /// <summary>Gets or sets how samples falling into one interval are combined.</summary>
    /// <value>The default is <see cref="TraceAggregation.Mean"/>.</value>
    public TraceAggregation Aggregation { get; set; } = TraceAggregation.Mean;
}
