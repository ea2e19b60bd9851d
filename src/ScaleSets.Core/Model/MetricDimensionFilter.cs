namespace ScaleSets.Model;

/// <summary>Restricts a metric trigger to samples whose dimension matches (Azure's <c>dimensions</c>).</summary>
public sealed class MetricDimensionFilter
{
    /// <summary>Gets or sets the dimension name, compared case-insensitively.</summary>
    /// <value>The default is an empty string, which validation rejects.</value>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets how the values are matched.</summary>
    /// <value>The default is <see cref="DimensionOperator.Equals"/>.</value>
    public DimensionOperator Operator { get; set; } = DimensionOperator.Equals;

    /// <summary>Gets or sets the values to match, compared case-insensitively; <c>*</c> matches any value.</summary>
    public List<string> Values { get; set; } = [];
}
