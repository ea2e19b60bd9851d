namespace ScaleSets.Traces;

/// <summary>How the raw samples that fall into one interval are combined when a trace is resampled.</summary>
public enum TraceAggregation
{
    /// <summary>The mean of the samples in the interval: right for gauges such as CPU percent or requests per second.</summary>
    Mean,

    /// <summary>The sum of the samples in the interval: right for counts such as requests per minute resampled to requests per five minutes.</summary>
    Sum,
}
