using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks step scaling: its cooldown and adjustment type, and steps that do not overlap, are not empty and lie on the side of zero its operator can breach.
/// </summary>
internal static class StepScalingValidator
{
    public static void ValidateStepScaling(StepScalingPolicy policy, ComparisonOperator? comparison, string path, int instanceLimit, List<SettingProblem> problems)
    {
        CheckEnum(policy.AdjustmentType, path + ".adjustmentType", "adjustment type", problems);
        CheckRange(policy.Cooldown, SettingLimits.MinCooldown, SettingLimits.MaxCooldown, path + ".cooldown", "cooldown", problems);
        if (policy.Steps is null || policy.Steps.Count == 0)
        {
            Error(problems, path + ".steps", "step scaling has no steps; at least one is required");
            return;
        }

        var above = comparison is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual;
        var below = comparison is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual;
        if (comparison is { } op && !above && !below && Enum.IsDefined(op))
        {
            Error(problems, path, $"step scaling needs an ordering operator (GreaterThan, GreaterThanOrEqual, LessThan or LessThanOrEqual) in its metric trigger, not {op}");
        }

        for (var k = 0; k < policy.Steps.Count; k++)
        {
            var at = Invariant($"{path}.steps[{k}]");
            if (policy.Steps[k] is not { } step)
            {
                Error(problems, at, "the step is null");
                continue;
            }

            ValidateStep(step, at, above, below, policy.AdjustmentType, comparison, instanceLimit, problems);
            for (var m = 0; m < k; m++)
            {
                if (policy.Steps[m] is { } other && IsWellFormed(other) && IsWellFormed(step)
                    && Math.Max(Lower(step), Lower(other)) < Math.Min(Upper(step), Upper(other)))
                {
                    Error(problems, at, $"step range {Range(step)} overlaps step {Invariant($"{path}.steps[{m}]")} {Range(other)}; steps must not overlap");
                }
            }
        }
    }

    private static void ValidateStep(
        StepAdjustment step,
        string path,
        bool above,
        bool below,
        ScaleType adjustmentType,
        ComparisonOperator? comparison,
        int instanceLimit,
        List<SettingProblem> problems)
    {
        if (step.LowerBound is { } lower && double.IsNaN(lower))
        {
            Error(problems, path + ".lowerBound", "the lower bound is not a number; use null for no lower bound");
        }

        if (step.UpperBound is { } upper && double.IsNaN(upper))
        {
            Error(problems, path + ".upperBound", "the upper bound is not a number; use null for no upper bound");
        }

        if (IsWellFormed(step) && Lower(step) >= Upper(step))
        {
            Error(problems, path, $"step range {Range(step)} is empty: the lower bound must be less than the upper bound");
        }

        switch (adjustmentType)
        {
            case ScaleType.ChangeCount when step.Adjustment == 0:
            case ScaleType.PercentChangeCount when step.Adjustment == 0:
                Error(problems, path + ".adjustment", "the adjustment is zero; a step must change the capacity");
                break;
            case ScaleType.PercentChangeCount when Math.Abs((long)step.Adjustment) > SettingLimits.MaxPercentChange:
                Error(problems, path + ".adjustment", Invariant($"the adjustment {step.Adjustment}% is beyond ±{SettingLimits.MaxPercentChange}%"));
                break;
            case ScaleType.ExactCount when step.Adjustment < 0 || step.Adjustment > instanceLimit:
                Error(problems, path + ".adjustment", Invariant($"the exact capacity {step.Adjustment} must be between 0 and the instance limit of {instanceLimit}"));
                break;
        }

        if (!IsWellFormed(step))
        {
            return;
        }

        // The breach (observed − threshold) is ≥ 0 whenever a GreaterThan trigger fires and ≤ 0 for LessThan.
        if (above && Upper(step) <= 0)
        {
            Error(problems, path, $"step range {Range(step)} lies below zero, but a {comparison} trigger only fires with a breach of zero or more; the step can never apply");
        }
        else if (above && Lower(step) < 0)
        {
            Warning(problems, path + ".lowerBound", $"step range {Range(step)} reaches below zero, but a {comparison} trigger only fires with a breach of zero or more; use a lower bound of 0");
        }
        else if (below && Lower(step) >= 0 && !(Lower(step) == 0 && comparison == ComparisonOperator.LessThanOrEqual))
        {
            Error(problems, path, $"step range {Range(step)} lies above zero, but a {comparison} trigger only fires with a breach below zero; the step can never apply");
        }
        else if (below && Upper(step) > 0)
        {
            Warning(problems, path + ".upperBound", $"step range {Range(step)} reaches above zero, but a {comparison} trigger only fires with a breach of zero or less; use an upper bound of 0");
        }
    }

    private static bool IsWellFormed(StepAdjustment step) => !double.IsNaN(Lower(step)) && !double.IsNaN(Upper(step));

    private static double Lower(StepAdjustment step) => step.LowerBound ?? double.NegativeInfinity;

    private static double Upper(StepAdjustment step) => step.UpperBound ?? double.PositiveInfinity;

    private static string Range(StepAdjustment step) =>
        Invariant($"[{(step.LowerBound is { } lower ? lower.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-∞")}, {(step.UpperBound is { } upper ? upper.ToString(System.Globalization.CultureInfo.InvariantCulture) : "+∞")})");
}
