namespace ScaleSets.Model;

/// <summary>
/// AWS-style step scaling: when the trigger's comparison is met, the size of the breach (observed − threshold)
/// selects one step, whose adjustment is applied.
/// </summary>
public sealed class StepScalingPolicy
{
    /// <summary>Gets or sets how each step's adjustment changes the capacity.</summary>
    /// <value>The default is <see cref="ScaleType.ChangeCount"/>.</value>
    public ScaleType AdjustmentType { get; set; } = ScaleType.ChangeCount;

    /// <summary>Gets or sets the steps; their ranges must not overlap.</summary>
    public List<StepAdjustment> Steps { get; set; } = [];

    /// <summary>Gets or sets how long no further scale action may happen after this one.</summary>
    /// <value>The default is five minutes. Allowed: 1 minute to 1 week.</value>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);
}
