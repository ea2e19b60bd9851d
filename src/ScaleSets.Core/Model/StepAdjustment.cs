namespace ScaleSets.Model;

/// <summary>
/// One band of a step-scaling rule (AWS's <c>StepAdjustment</c>): applies when
/// <c>LowerBound ≤ observed − threshold &lt; UpperBound</c>.
/// </summary>
public sealed class StepAdjustment
{
    /// <summary>Gets or sets the lower bound of the breach, inclusive, or <see langword="null"/> for negative infinity.</summary>
    public double? LowerBound { get; set; }

    /// <summary>Gets or sets the upper bound of the breach, exclusive, or <see langword="null"/> for positive infinity.</summary>
    public double? UpperBound { get; set; }

    /// <summary>Gets or sets the adjustment: positive scales out, negative scales in; its unit is the policy's adjustment type.</summary>
    public int Adjustment { get; set; }
}
