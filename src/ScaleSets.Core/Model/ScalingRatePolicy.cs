namespace ScaleSets.Model;

/// <summary>Limits how fast target tracking changes the capacity (Kubernetes HPA's <c>HPAScalingPolicy</c>).</summary>
public sealed class ScalingRatePolicy
{
    /// <summary>Gets or sets the unit of <see cref="Value"/>.</summary>
    /// <value>The default is <see cref="ScalingRatePolicyType.Percent"/>.</value>
    public ScalingRatePolicyType Type { get; set; } = ScalingRatePolicyType.Percent;

    /// <summary>Gets or sets the number of instances or the percentage allowed per period.</summary>
    /// <value>The default is 100.</value>
    public int Value { get; set; } = 100;

    /// <summary>Gets or sets the period the limit applies to.</summary>
    /// <value>The default is 15 seconds. Allowed: 1 second to 30 minutes.</value>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(15);
}
