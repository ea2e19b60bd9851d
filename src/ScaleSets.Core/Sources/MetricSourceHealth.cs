namespace ScaleSets.Sources;

/// <summary>Whether a metric source is delivering.</summary>
public enum MetricSourceHealth
{
    /// <summary>The last poll succeeded (it may still have reported problems with single values).</summary>
    Healthy,

    /// <summary>The last poll failed after its retries, or timed out; the rules fed only by this source see missing data.</summary>
    Unavailable,
}
