using System.Globalization;
using System.Text;
using ScaleSets.Model;

namespace ScaleSets.Metrics;

/// <summary>
/// Identifies one series: metric name (case-insensitive), source kind or any, dimension filters (order-insensitive)
/// and time grain. Triggers with equal keys share one series.
/// </summary>
internal sealed class SeriesKey : IEquatable<SeriesKey>
{
    private readonly string _canonical;
    private readonly DimensionMatcher[] _dimensions;

    /// <summary>Initializes a new instance of the <see cref="SeriesKey"/> class from a validated trigger.</summary>
    /// <param name="trigger">The trigger.</param>
    public SeriesKey(MetricTrigger trigger)
    {
        MetricName = trigger.MetricName;
        Source = trigger.Source;
        GrainTicks = trigger.TimeGrain.Ticks;
        _dimensions = [.. trigger.Dimensions.Select(static filter => new DimensionMatcher(filter))];
        _canonical = BuildCanonical(MetricName, Source, GrainTicks, _dimensions);
    }

    /// <summary>Gets the metric name.</summary>
    public string MetricName { get; }

    /// <summary>Gets the source kind samples must come from, or <see langword="null"/> for any.</summary>
    public MetricSourceKind? Source { get; }

    /// <summary>Gets the time grain in ticks.</summary>
    public long GrainTicks { get; }

    /// <summary>Returns whether <paramref name="sample"/> (whose name already matched) passes the source and dimension filters.</summary>
    /// <param name="sample">The sample.</param>
    /// <returns><see langword="true"/> when the sample belongs to this series.</returns>
    public bool Matches(in MetricSample sample)
    {
        if (Source is { } source && sample.Source != source)
        {
            return false;
        }

        foreach (var dimension in _dimensions)
        {
            if (!dimension.Matches(sample.Dimensions))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool Equals(SeriesKey? other) =>
        other is not null && string.Equals(_canonical, other._canonical, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(_canonical);

    /// <inheritdoc/>
    public override string ToString() => _canonical;

    private static string BuildCanonical(string name, MetricSourceKind? source, long grainTicks, DimensionMatcher[] dimensions)
    {
        // Length-prefixed parts, so no name or value can forge a separator.
        var builder = new StringBuilder();
        Append(builder, name);
        builder.Append(source is { } kind ? kind.ToString() : "any").Append('|');
        builder.Append(grainTicks.ToString(CultureInfo.InvariantCulture)).Append('|');
        var filters = dimensions
            .Select(static dimension =>
            {
                var part = new StringBuilder();
                Append(part, dimension.Name);
                part.Append(dimension.Operator == DimensionOperator.Equals ? "eq" : "ne").Append('|');
                foreach (var value in dimension.SortedValues)
                {
                    Append(part, value);
                }

                return part.ToString();
            })
            .Order(StringComparer.OrdinalIgnoreCase);
        foreach (var filter in filters)
        {
            builder.Append('[').Append(filter).Append(']');
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string part) =>
        builder.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('|');
}
