using ScaleSets.Model;

namespace ScaleSets.Series;

/// <summary>A compiled <see cref="MetricDimensionFilter"/>: matches a sample's dimensions without allocating.</summary>
internal sealed class DimensionMatcher
{
    private const string Wildcard = "*";

    private readonly HashSet<string> _values;
    private readonly bool _matchesAnyValue;

    /// <summary>Initializes a new instance of the <see cref="DimensionMatcher"/> class.</summary>
    /// <param name="filter">The validated filter: a non-empty name and at least one value.</param>
    public DimensionMatcher(MetricDimensionFilter filter)
    {
        Name = filter.Name;
        Operator = filter.Operator;
        _values = new HashSet<string>(filter.Values, StringComparer.OrdinalIgnoreCase);
        _matchesAnyValue = _values.Contains(Wildcard);
        SortedValues = [.. _values.Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Gets the dimension name.</summary>
    public string Name { get; }

    /// <summary>Gets how the values are matched.</summary>
    public DimensionOperator Operator { get; }

    /// <summary>Gets the distinct values in case-insensitive order, for building a canonical series key.</summary>
    public IReadOnlyList<string> SortedValues { get; }

    /// <summary>
    /// Returns whether <paramref name="dimensions"/> satisfies the filter. A sample lacking the dimension does not match
    /// <see cref="DimensionOperator.Equals"/> and does match <see cref="DimensionOperator.NotEquals"/>.
    /// </summary>
    /// <param name="dimensions">The sample's dimensions, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the sample passes the filter.</returns>
    public bool Matches(IReadOnlyDictionary<string, string>? dimensions)
    {
        var value = Find(dimensions, Name);
        var listed = value is not null && (_matchesAnyValue || _values.Contains(value));
        return Operator == DimensionOperator.Equals ? listed : !listed;
    }

    /// <summary>Returns the sample's value of this filter's dimension (names compared case-insensitively), or <see langword="null"/>.</summary>
    /// <param name="dimensions">The sample's dimensions, or <see langword="null"/>.</param>
    /// <returns>The value, or <see langword="null"/> when the sample lacks the dimension.</returns>
    public string? ValueIn(IReadOnlyDictionary<string, string>? dimensions) => Find(dimensions, Name);

    /// <summary>Describes the filter for an explanation, for example <c>Instance = 'vm1' or 'vm2'</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        var values = _matchesAnyValue ? "any value" : string.Join(" or ", SortedValues.Select(static v => "'" + v + "'"));
        return Operator == DimensionOperator.Equals ? $"{Name} = {values}" : $"{Name} != {values}";
    }

    private static string? Find(IReadOnlyDictionary<string, string>? dimensions, string name)
    {
        if (dimensions is null || dimensions.Count == 0)
        {
            return null;
        }

        if (dimensions.TryGetValue(name, out var exact))
        {
            return exact;
        }

        // Names compare case-insensitively whatever comparer the reporter's dictionary uses.
        if (dimensions is Dictionary<string, string> dictionary)
        {
            if (dictionary.Comparer.Equals(StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            foreach (var pair in dictionary)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        foreach (var pair in dimensions)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
