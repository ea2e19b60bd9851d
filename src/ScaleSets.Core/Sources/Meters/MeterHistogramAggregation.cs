namespace ScaleSets.Sources.Meters;

/// <summary>What a histogram's values recorded in one interval become.</summary>
public enum MeterHistogramAggregation
{
    /// <summary>The mean of the values recorded in the interval.</summary>
    Mean,

    /// <summary>The <see cref="MeterInstrument.Percentile"/>-th percentile of the values recorded in the interval (linear interpolation between ranks).</summary>
    Percentile,
}
