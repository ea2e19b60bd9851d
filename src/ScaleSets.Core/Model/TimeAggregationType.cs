namespace ScaleSets.Model;

/// <summary>How the grain values inside the time window are reduced to one value (Azure's <c>timeAggregation</c>).</summary>
public enum TimeAggregationType
{
    /// <summary>The mean of the grain values that have data.</summary>
    Average,

    /// <summary>The smallest grain value.</summary>
    Minimum,

    /// <summary>The largest grain value.</summary>
    Maximum,

    /// <summary>The sum of the grain values.</summary>
    Total,

    /// <summary>The number of samples received in the window.</summary>
    Count,

    /// <summary>The value of the most recent grain that has data.</summary>
    Last,
}
