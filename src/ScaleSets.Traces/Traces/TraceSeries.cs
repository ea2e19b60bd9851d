namespace ScaleSets.Traces;

/// <summary>A regular series: one value per <see cref="Interval"/> from <see cref="Start"/>, with NaN where there is no data.</summary>
public sealed class TraceSeries
{
    private readonly double[] _values;

    /// <summary>Initializes a new instance of the <see cref="TraceSeries"/> class.</summary>
    /// <param name="start">The start of the first interval.</param>
    /// <param name="interval">The length of each interval; positive.</param>
    /// <param name="values">The value of each interval, NaN for a gap. The array is copied.</param>
    public TraceSeries(DateTimeOffset start, TimeSpan interval, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start = start;
        Interval = interval;
        _values = [.. values];
    }

    /// <summary>Gets the start of the first interval.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the length of each interval.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Gets the values, one per interval, NaN for a gap.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Gets the number of intervals.</summary>
    public int Count => _values.Length;

    /// <summary>Gets the number of intervals without data.</summary>
    public int GapCount => _values.Count(double.IsNaN);

    /// <summary>Returns the start of interval <paramref name="index"/>.</summary>
    /// <param name="index">The 0-based interval index.</param>
    /// <returns>The start time of that interval.</returns>
    public DateTimeOffset TimeAt(int index) => Start + (Interval * index);

    /// <summary>Returns the values as a span.</summary>
    /// <returns>A read-only span over the values.</returns>
    public ReadOnlySpan<double> AsSpan() => _values;
}
