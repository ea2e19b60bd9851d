namespace ScaleSets.Model;

/// <summary>How a rule compares its observed aggregate with its threshold.</summary>
public enum ComparisonOperator
{
    /// <summary>Aggregate equals the threshold.</summary>
    Equals,

    /// <summary>Aggregate differs from the threshold.</summary>
    NotEquals,

    /// <summary>Aggregate is greater than the threshold.</summary>
    GreaterThan,

    /// <summary>Aggregate is greater than or equal to the threshold.</summary>
    GreaterThanOrEqual,

    /// <summary>Aggregate is less than the threshold.</summary>
    LessThan,

    /// <summary>Aggregate is less than or equal to the threshold.</summary>
    LessThanOrEqual,
}
