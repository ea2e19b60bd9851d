using ScaleSets.Model;

namespace ScaleSets.Series;

/// <summary>
/// One time grain of one series: every matching sample of every instance whose timestamp falls in the grain.
/// A mutable struct stored in place in the series' ring, so adding a sample allocates nothing.
/// </summary>
internal struct GrainBucket
{
    /// <summary>The <see cref="Index"/> of a slot that holds no grain.</summary>
    public const long NoIndex = long.MinValue;

    /// <summary>The grain's index, <c>floor(timestamp.UtcTicks / grain.Ticks)</c>; identifies stale ring slots.</summary>
    public long Index;

    /// <summary>The number of samples in the grain.</summary>
    public long Count;

    /// <summary>The sum of the samples.</summary>
    public double Sum;

    /// <summary>The smallest sample.</summary>
    public double Min;

    /// <summary>The largest sample.</summary>
    public double Max;

    /// <summary>The value of the sample with the latest timestamp (ties go to the later arrival).</summary>
    public double Last;

    /// <summary>The UTC ticks of <see cref="Last"/>'s timestamp.</summary>
    public long LastTicks;

    /// <summary>The series' change-log position at which this grain was last logged, or -1.</summary>
    public long LoggedAt;

    /// <summary>Empties the slot and gives it to grain <paramref name="index"/>.</summary>
    /// <param name="index">The new grain index.</param>
    public void Reset(long index)
    {
        Index = index;
        Count = 0;
        Sum = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
        Last = double.NaN;
        LastTicks = long.MinValue;
        LoggedAt = -1;
    }

    /// <summary>Adds one sample.</summary>
    /// <param name="value">The finite sample value.</param>
    /// <param name="ticks">The sample's UTC ticks.</param>
    public void Add(double value, long ticks)
    {
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }

        if (ticks >= LastTicks)
        {
            Last = value;
            LastTicks = ticks;
        }
    }

    /// <summary>Returns the grain value: the samples reduced across instances by <paramref name="statistic"/>.</summary>
    /// <param name="statistic">The trigger's statistic.</param>
    /// <returns>The grain value; only meaningful when <see cref="Count"/> is positive.</returns>
    public readonly double Value(MetricStatistic statistic) => statistic switch
    {
        MetricStatistic.Average => Sum / Count,
        MetricStatistic.Min => Min,
        MetricStatistic.Max => Max,
        MetricStatistic.Count => Count,
        _ => Sum,
    };
}
