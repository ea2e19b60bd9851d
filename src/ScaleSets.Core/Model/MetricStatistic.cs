namespace ScaleSets.Model;

/// <summary>How the samples of one time grain are reduced across the scale set's instances (Azure's <c>statistic</c>).</summary>
public enum MetricStatistic
{
    /// <summary>The mean of every sample in the grain.</summary>
    Average,

    /// <summary>The smallest sample in the grain.</summary>
    Min,

    /// <summary>The largest sample in the grain.</summary>
    Max,

    /// <summary>The sum of every sample in the grain; for counters such as requests per interval.</summary>
    Sum,

    /// <summary>The number of samples in the grain (Azure's <c>Count</c>); like a sum, it describes the set, not one instance.</summary>
    Count,
}
