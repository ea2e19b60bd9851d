namespace ScaleSets.Series;

/// <summary>
/// The observed value of one metric trigger at one evaluation: the grain values of the complete grains in the trigger's
/// window, reduced by its time aggregation.
/// </summary>
/// <param name="HasData">Whether at least one grain in the window has a sample; when <see langword="false"/> the rule sees missing data.</param>
/// <param name="Value">The aggregated value, or <see cref="double.NaN"/> when <paramref name="HasData"/> is <see langword="false"/>.</param>
/// <param name="SampleCount">The number of raw samples in the window (the sum of the bucket counts).</param>
/// <param name="GrainsWithData">The number of grains in the window that have at least one sample.</param>
/// <param name="NewestSample">The timestamp of the newest sample in the window, or <see langword="default"/> without data.</param>
internal readonly record struct WindowAggregate(
    bool HasData,
    double Value,
    long SampleCount,
    int GrainsWithData,
    DateTimeOffset NewestSample = default)
{
    /// <summary>Gets the result of a window without any sample.</summary>
    public static WindowAggregate Missing => new(false, double.NaN, 0, 0);
}
