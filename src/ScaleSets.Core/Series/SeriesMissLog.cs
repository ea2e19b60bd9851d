using System.Globalization;
using System.Text;
using ScaleSets.Metrics;

namespace ScaleSets.Series;

/// <summary>
/// Remembers the samples that carried a series' metric name but failed its source, resource, namespace or dimension
/// filter: how many, and the labels of the last one. It turns "no data" into "waiting for X; Y arrived instead". O(1) per
/// note, no allocation (it keeps references to the sample's immutable strings only).
/// </summary>
internal sealed class SeriesMissLog
{
    private SeriesMismatch _reason;
    private MetricSourceKind _source;
    private string? _resource;
    private string? _namespace;
    private int _dimension = -1;
    private string? _dimensionValue;

    /// <summary>Gets how many samples of the metric name failed the series' filters.</summary>
    public long Count { get; private set; }

    /// <summary>Records one sample that failed a filter.</summary>
    /// <param name="reason">The filter it failed first.</param>
    /// <param name="sample">The sample.</param>
    /// <param name="failedDimension">The index of the failed dimension filter, or -1.</param>
    /// <param name="dimensionValue">The sample's value of that dimension, or <see langword="null"/>.</param>
    public void Note(SeriesMismatch reason, in MetricSample sample, int failedDimension, string? dimensionValue)
    {
        Count++;
        _reason = reason;
        _source = sample.Source;
        _resource = sample.Resource;
        _namespace = sample.Namespace;
        _dimension = failedDimension;
        _dimensionValue = dimensionValue;
    }

    /// <summary>Describes what a rule reading <paramref name="key"/> waits for, and what arrived instead.</summary>
    /// <param name="key">The series key.</param>
    /// <returns>For example <c>metric 'Percentage CPU' from source Host of the scale set itself; 12 samples of that name did not match (the last one is from source Guest)</c>.</returns>
    public string Describe(SeriesKey key)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(culture, $"metric '{key.MetricName}'");
        text.Append(key.Source is { } source ? string.Create(culture, $" from source {source}") : " from any source");
        text.Append(key.Resource is { } resource ? $" of resource '{resource}'" : " of the scale set itself (no resource)");
        if (key.Namespace is { } ns)
        {
            text.Append(culture, $" in namespace '{ns}'");
        }

        if (key.Dimensions.Count > 0)
        {
            text.Append(" with ").Append(string.Join(" and ", key.Dimensions.Select(static d => d.Describe())));
        }

        if (Count == 0)
        {
            text.Append("; no sample of that name arrived");
            return text.ToString();
        }

        text.Append(culture, $"; {Count} sample(s) of that name did not match (the last one {DescribeLast(key)})");
        return text.ToString();
    }

    private string DescribeLast(SeriesKey key) => _reason switch
    {
        SeriesMismatch.Source => string.Create(CultureInfo.InvariantCulture, $"is from source {_source}"),
        SeriesMismatch.Resource => _resource is null || ResourceIdentity.IsNone(_resource)
            ? "names no resource, so it is the scale set's own"
            : $"is of resource '{_resource}'",
        SeriesMismatch.Namespace => $"is in namespace '{_namespace}'",
        SeriesMismatch.Dimension when _dimension >= 0 && _dimension < key.Dimensions.Count => _dimensionValue is null
            ? $"lacks dimension '{key.Dimensions[_dimension].Name}'"
            : $"has {key.Dimensions[_dimension].Name} = '{_dimensionValue}'",
        _ => "failed a filter",
    };
}
