namespace ScaleSets.Model;

/// <summary>
/// One rule of a profile: a metric trigger and exactly one of <see cref="ScaleAction"/> (Azure threshold rule),
/// <see cref="TargetTracking"/> or <see cref="StepScaling"/>.
/// </summary>
public sealed class ScaleRule
{
    /// <summary>Gets or sets an optional name shown in decisions; without one the rule is named by its position.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the metric the rule watches.</summary>
    public MetricTrigger MetricTrigger { get; set; } = new();

    /// <summary>Gets or sets the scale action of a threshold rule.</summary>
    public ScaleAction? ScaleAction { get; set; }

    /// <summary>Gets or sets the target-tracking policy of a target-tracking rule.</summary>
    public TargetTrackingPolicy? TargetTracking { get; set; }

    /// <summary>Gets or sets the step-scaling policy of a step rule.</summary>
    public StepScalingPolicy? StepScaling { get; set; }

    /// <summary>Gets the kind of rule, from the policy it carries (threshold when none or several are set; validation reports that).</summary>
    public ScaleRuleKind Kind => TargetTracking is not null && ScaleAction is null && StepScaling is null
        ? ScaleRuleKind.TargetTracking
        : StepScaling is not null && ScaleAction is null && TargetTracking is null
            ? ScaleRuleKind.StepScaling
            : ScaleRuleKind.Threshold;
}
