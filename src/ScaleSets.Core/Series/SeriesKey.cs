using System.Globalization;
using System.Text;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Series;

/// <summary>
/// Identifies one series: metric name (case-insensitive), source kind or any, resource (the scale set itself or another),
/// metric namespace or any, dimension filters (order-insensitive) and time grain. Triggers with equal keys share one series.
/// </summary>
internal sealed class SeriesKey : IEquatable<SeriesKey>
{
    private readonly string _canonical;
    private readonly DimensionMatcher[] _dimensions;

    // The common trigger (the scale set's own metric, any source, no namespace or dimension): one test per sample.
    private readonly bool _unfiltered;

    /// <summary>Initializes a new instance of the <see cref="SeriesKey"/> class from a validated trigger.</summary>
    /// <param name="trigger">The trigger.</param>
    /// <param name="ownResource">The setting's target resource: a trigger naming it reads the scale set's own metrics.</param>
    public SeriesKey(MetricTrigger trigger, string? ownResource = null)
    {
        MetricName = trigger.MetricName;
        Source = trigger.Source;
        Resource = ResourceIdentity.OtherThanOwn(trigger.MetricResourceUri, ownResource);
        Namespace = ResourceIdentity.IsNone(trigger.MetricNamespace) ? null : trigger.MetricNamespace;
        GrainTicks = trigger.TimeGrain.Ticks;
        _dimensions = [.. trigger.Dimensions.Select(static filter => new DimensionMatcher(filter))];
        _unfiltered = Source is null && Resource is null && Namespace is null && _dimensions.Length == 0;
        _canonical = BuildCanonical(this, _dimensions);
    }

    /// <summary>Gets the metric name.</summary>
    public string MetricName { get; }

    /// <summary>Gets the source kind samples must come from, or <see langword="null"/> for any.</summary>
    public MetricSourceKind? Source { get; }

    /// <summary>Gets the resource samples must name, or <see langword="null"/> for the scale set itself.</summary>
    public string? Resource { get; }

    /// <summary>Gets the metric namespace samples that name one must name, or <see langword="null"/> for any.</summary>
    public string? Namespace { get; }

    /// <summary>Gets the time grain in ticks.</summary>
    public long GrainTicks { get; }

    /// <summary>Gets the dimension filters, compiled.</summary>
    public IReadOnlyList<DimensionMatcher> Dimensions => _dimensions;

    /// <summary>
    /// Returns why <paramref name="sample"/> (whose name already matched) does not belong to this series, or
    /// <see cref="SeriesMismatch.None"/> when it does. O(filters), no allocation.
    /// </summary>
    /// <param name="sample">The sample.</param>
    /// <param name="resource">The sample's resource, already reduced by <see cref="ResourceIdentity.OtherThanOwn"/>.</param>
    /// <param name="failedDimension">The index of the dimension filter the sample fails, or -1.</param>
    /// <returns>The first filter the sample fails.</returns>
    public SeriesMismatch Match(in MetricSample sample, string? resource, out int failedDimension)
    {
        failedDimension = -1;
        if (_unfiltered && resource is null)
        {
            return SeriesMismatch.None;
        }

        if (Source is { } source && sample.Source != source)
        {
            return SeriesMismatch.Source;
        }

        if (Resource is null ? resource is not null : resource is null || !ResourceIdentity.Same(resource, Resource))
        {
            return SeriesMismatch.Resource;
        }

        if (Namespace is not null && sample.Namespace is { } ns && !ResourceIdentity.IsNone(ns) && !ResourceIdentity.Same(ns, Namespace))
        {
            return SeriesMismatch.Namespace;
        }

        var dimensions = _dimensions;
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (!dimensions[i].Matches(sample.Dimensions))
            {
                failedDimension = i;
                return SeriesMismatch.Dimension;
            }
        }

        return SeriesMismatch.None;
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

    private static string BuildCanonical(SeriesKey key, DimensionMatcher[] dimensions)
    {
        // Length-prefixed parts, so no name or value can forge a separator.
        var builder = new StringBuilder();
        Append(builder, key.MetricName);
        builder.Append(key.Source is { } kind ? kind.ToString() : "any").Append('|');
        Append(builder, key.Resource is { } resource ? ResourceIdentity.Canonical(resource) : "");
        Append(builder, key.Namespace is { } ns ? ResourceIdentity.Canonical(ns) : "");
        builder.Append(key.GrainTicks.ToString(CultureInfo.InvariantCulture)).Append('|');
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
