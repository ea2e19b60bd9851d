using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>
/// One rule flattened for the evaluation loop: everything the policy reads per tick sits in one contiguous array per
/// profile instead of three objects per rule, which keeps a tick over a thousand scale sets cache-friendly.
/// </summary>
internal readonly struct CompiledRule
{
    public CompiledRule(ScaleRule rule)
    {
        var trigger = rule.MetricTrigger;
        Kind = rule.Kind;
        Operator = trigger.Operator;
        Threshold = trigger.Threshold;
        DividePerInstance = trigger.DividePerInstance;
        Statistic = trigger.Statistic;
        Projection = ProjectionOf(trigger);
        TargetTracking = rule.TargetTracking;
        StepScaling = rule.StepScaling;
        switch (Kind)
        {
            case ScaleRuleKind.TargetTracking:
                Direction = ScaleDirection.Increase;
                Threshold = rule.TargetTracking!.TargetValue;
                ScalesIn = !rule.TargetTracking.DisableScaleIn;
                break;
            case ScaleRuleKind.StepScaling:
                Direction = StepScalingCalculator.Direction(rule.StepScaling!, trigger);
                Cooldown = rule.StepScaling!.Cooldown;
                ScalesIn = Direction == ScaleDirection.Decrease;
                break;
            default:
                var action = rule.ScaleAction!;
                Direction = action.Direction;
                Type = action.Type;
                Value = action.Value;
                Cooldown = action.Cooldown;
                ScalesIn = Direction == ScaleDirection.Decrease;
                break;
        }
    }

    public ScaleRuleKind Kind { get; }

    public ComparisonOperator Operator { get; }

    /// <summary>Gets the threshold, or the target value of a target-tracking rule.</summary>
    public double Threshold { get; }

    public bool DividePerInstance { get; }

    /// <summary>Gets how the flapping guard projects the value, by what it means.</summary>
    public Projection Projection { get; }

    public MetricStatistic Statistic { get; }

    /// <summary>Gets the direction of a threshold or step rule (target tracking: Increase; its proposal decides).</summary>
    public ScaleDirection Direction { get; }

    /// <summary>Gets whether the rule takes part in the scale-in vote.</summary>
    public bool ScalesIn { get; }

    public ScaleType Type { get; }

    public int Value { get; }

    public TimeSpan Cooldown { get; }

    public TargetTrackingPolicy? TargetTracking { get; }

    public StepScalingPolicy? StepScaling { get; }

    /// <summary>
    /// What the value means: a total divided per instance; a set-level total (a sum, a count of samples, or declared
    /// so); otherwise an average, minimum or maximum over the instances, however the samples arrived.
    /// </summary>
    private static Projection ProjectionOf(MetricTrigger trigger)
    {
        if (trigger.DividePerInstance)
        {
            return Projection.DividedTotal;
        }

        return trigger.ValueKind switch
        {
            MetricValueKind.PerInstance => Projection.PerInstance,
            MetricValueKind.Total => Projection.Total,
            _ => trigger.Statistic is MetricStatistic.Sum or MetricStatistic.Count || trigger.TimeAggregation == TimeAggregationType.Count
                ? Projection.Total
                : Projection.PerInstance,
        };
    }
}
