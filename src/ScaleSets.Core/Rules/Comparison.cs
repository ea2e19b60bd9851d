using ScaleSets.Model;

namespace ScaleSets.Rules;

/// <summary>Evaluates a rule's comparison of an observed value with its threshold.</summary>
internal static class Comparison
{
    public static bool IsMet(double observed, ComparisonOperator op, double threshold) => op switch
    {
        ComparisonOperator.Equals => observed == threshold,
        ComparisonOperator.NotEquals => observed != threshold,
        ComparisonOperator.GreaterThan => observed > threshold,
        ComparisonOperator.GreaterThanOrEqual => observed >= threshold,
        ComparisonOperator.LessThan => observed < threshold,
        ComparisonOperator.LessThanOrEqual => observed <= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison operator."),
    };

    /// <summary>Whether the comparison fires for large values (a scale-out style trigger).</summary>
    public static bool IsUpward(ComparisonOperator op) =>
        op is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual;
}
