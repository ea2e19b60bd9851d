using ScaleSets.Model;

namespace ScaleSets.Rules;

/// <summary>AWS-style step scaling: the breach (observed − threshold) selects a step, whose adjustment is applied.</summary>
internal static class StepScalingCalculator
{
    /// <summary>Returns the step covering <paramref name="breach"/>, or -1 when none does.</summary>
    public static int FindStep(StepScalingPolicy policy, double breach)
    {
        var steps = policy.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var lower = step.LowerBound ?? double.NegativeInfinity;
            var upper = step.UpperBound ?? double.PositiveInfinity;
            if (breach >= lower && breach < upper)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The direction of a step rule: the sign of its adjustments, or, for exact capacities, the direction of its trigger
    /// (a rule firing on high values scales out).
    /// </summary>
    public static ScaleDirection Direction(StepScalingPolicy policy, MetricTrigger trigger)
    {
        if (policy.AdjustmentType == ScaleType.ExactCount)
        {
            return Comparison.IsUpward(trigger.Operator) ? ScaleDirection.Increase : ScaleDirection.Decrease;
        }

        foreach (var step in policy.Steps)
        {
            if (step.Adjustment != 0)
            {
                return step.Adjustment > 0 ? ScaleDirection.Increase : ScaleDirection.Decrease;
            }
        }

        return ScaleDirection.Increase;
    }
}
