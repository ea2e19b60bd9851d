using System.Globalization;

namespace ScaleSets.Metrics;

/// <summary>The inclusive range of values that are valid for a metric; samples outside it are rejected and counted.</summary>
/// <param name="Minimum">The smallest valid value.</param>
/// <param name="Maximum">The largest valid value.</param>
public readonly record struct MetricValueRange(double Minimum, double Maximum)
{
    /// <summary>Gets the range of non-negative values: counts, rates, latencies, queue lengths, utilization.</summary>
    public static MetricValueRange NonNegative => new(0, double.MaxValue);

    /// <summary>Gets the range 0 to 100, for percentages such as <c>Percentage CPU</c>.</summary>
    public static MetricValueRange Percentage => new(0, 100);

    /// <summary>Gets the range of every finite value.</summary>
    public static MetricValueRange AnyFinite => new(double.MinValue, double.MaxValue);

    /// <summary>Returns whether <paramref name="value"/> lies in the range.</summary>
    /// <param name="value">The value to test.</param>
    /// <returns><see langword="true"/> when <c>Minimum ≤ value ≤ Maximum</c>.</returns>
    public bool Contains(double value) => value >= Minimum && value <= Maximum;

    /// <summary>Describes the range for a message: <c>[0, 100]</c>, <c>[0, ∞)</c>, <c>(-∞, 5]</c> or <c>(-∞, ∞)</c>.</summary>
    /// <returns>The range in interval notation, an end at the largest finite value shown as infinite.</returns>
    public override string ToString()
    {
        var low = Minimum <= double.MinValue ? "(-∞" : string.Create(CultureInfo.InvariantCulture, $"[{Minimum}");
        var high = Maximum >= double.MaxValue ? "∞)" : string.Create(CultureInfo.InvariantCulture, $"{Maximum}]");
        return $"{low}, {high}";
    }
}
