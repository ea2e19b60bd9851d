namespace ScaleSets.Model;

/// <summary>How a dimension filter matches a sample's dimension value.</summary>
public enum DimensionOperator
{
    /// <summary>The dimension value is one of the listed values.</summary>
    Equals,

    /// <summary>The dimension value is none of the listed values.</summary>
    NotEquals,
}
