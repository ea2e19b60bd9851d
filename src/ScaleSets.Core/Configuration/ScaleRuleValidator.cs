using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks a scale rule: exactly one of scale action, target tracking or step scaling, its metric trigger (metric, cadence, threshold, dimension filters) and its scale action.
/// </summary>
internal static class ScaleRuleValidator
{
    public static void ValidateRule(ScaleRule? rule, string path, int instanceLimit, List<SettingProblem> problems)
    {
        if (rule is null)
        {
            Error(problems, path, "the rule is null");
            return;
        }

        var set = new List<string>(3);
        if (rule.ScaleAction is not null)
        {
            set.Add("scaleAction");
        }

        if (rule.TargetTracking is not null)
        {
            set.Add("targetTracking");
        }

        if (rule.StepScaling is not null)
        {
            set.Add("stepScaling");
        }

        if (set.Count == 0)
        {
            Error(problems, path, "the rule has none of scaleAction, targetTracking and stepScaling; it needs exactly one");
        }
        else if (set.Count > 1)
        {
            Error(problems, path, $"the rule has {string.Join(" and ", set)}; it needs exactly one of scaleAction, targetTracking and stepScaling");
        }

        ValidateTrigger(rule.MetricTrigger, path + ".metricTrigger", rule.Kind != ScaleRuleKind.Threshold, problems);
        if (rule.ScaleAction is { } action)
        {
            ValidateScaleAction(action, path + ".scaleAction", instanceLimit, problems);
        }

        if (rule.TargetTracking is { } tracking)
        {
            TargetTrackingValidator.ValidateTargetTracking(tracking, path + ".targetTracking", problems);
        }

        if (rule.StepScaling is { } steps)
        {
            StepScalingValidator.ValidateStepScaling(steps, rule.MetricTrigger?.Operator, path + ".stepScaling", instanceLimit, problems);
        }
    }

    /// <summary>Checks a trigger; a target-tracking or step rule (<paramref name="ownCadence"/>) may use a grain down to 10 s and a window of one grain.</summary>
    private static void ValidateTrigger(MetricTrigger? trigger, string path, bool ownCadence, List<SettingProblem> problems)
    {
        if (trigger is null)
        {
            Error(problems, path, "the metric trigger is missing");
            return;
        }

        if (string.IsNullOrWhiteSpace(trigger.MetricName))
        {
            Error(problems, path + ".metricName", "the metric name is empty");
        }

        if (trigger.Source is { } source)
        {
            CheckEnum(source, path + ".source", "metric source", problems);
        }

        if (trigger.Dimensions is null)
        {
            Error(problems, path + ".dimensions", "the dimension list is null; use an empty list for no filter");
        }
        else
        {
            for (var k = 0; k < trigger.Dimensions.Count; k++)
            {
                ValidateDimension(trigger.Dimensions[k], Invariant($"{path}.dimensions[{k}]"), problems);
            }
        }

        var minGrain = ownCadence ? SettingLimits.MinTrackingTimeGrain : SettingLimits.MinTimeGrain;
        CheckRange(trigger.TimeGrain, minGrain, SettingLimits.MaxTimeGrain, path + ".timeGrain", "time grain", problems);
        var minWindow = ownCadence ? minGrain : SettingLimits.MinTimeWindow;
        CheckRange(trigger.TimeWindow, minWindow, SettingLimits.MaxTimeWindow, path + ".timeWindow", "time window", problems);
        CheckEnum(trigger.ValueKind, path + ".valueKind", "value kind", problems);
        if (trigger.TimeWindow < trigger.TimeGrain)
        {
            Error(problems, path + ".timeWindow", $"time window {Duration(trigger.TimeWindow)} is shorter than the time grain {Duration(trigger.TimeGrain)}; it must hold at least one grain");
        }

        CheckEnum(trigger.Statistic, path + ".statistic", "statistic", problems);
        CheckEnum(trigger.TimeAggregation, path + ".timeAggregation", "time aggregation", problems);
        CheckEnum(trigger.Operator, path + ".operator", "operator", problems);
        if (!double.IsFinite(trigger.Threshold))
        {
            Error(problems, path + ".threshold", Invariant($"threshold {trigger.Threshold} is not a finite number"));
        }
    }

    private static void ValidateDimension(MetricDimensionFilter? filter, string path, List<SettingProblem> problems)
    {
        if (filter is null)
        {
            Error(problems, path, "the dimension filter is null");
            return;
        }

        if (string.IsNullOrWhiteSpace(filter.Name))
        {
            Error(problems, path + ".name", "the dimension name is empty");
        }

        CheckEnum(filter.Operator, path + ".operator", "dimension operator", problems);
        if (filter.Values is null || filter.Values.Count == 0)
        {
            Error(problems, path + ".values", $"the dimension filter '{filter.Name}' has no values; list at least one (\"*\" matches any value)");
            return;
        }

        for (var k = 0; k < filter.Values.Count; k++)
        {
            if (string.IsNullOrEmpty(filter.Values[k]))
            {
                Error(problems, Invariant($"{path}.values[{k}]"), "the dimension value is empty");
            }
        }
    }

    private static void ValidateScaleAction(ScaleAction action, string path, int instanceLimit, List<SettingProblem> problems)
    {
        CheckEnum(action.Direction, path + ".direction", "scale direction", problems);
        CheckEnum(action.Type, path + ".type", "scale type", problems);
        var at = path + ".value";
        switch (action.Type)
        {
            case ScaleType.ChangeCount when action.Value < 1:
                Error(problems, at, Invariant($"scale action value {action.Value} must be at least 1 for ChangeCount"));
                break;
            case ScaleType.PercentChangeCount when action.Value is < 1 or > SettingLimits.MaxPercentChange:
                Error(problems, at, Invariant($"scale action value {action.Value} must be between 1 and {SettingLimits.MaxPercentChange} for PercentChangeCount"));
                break;
            case ScaleType.ExactCount when action.Value < 0 || action.Value > instanceLimit:
                Error(problems, at, Invariant($"scale action value {action.Value} must be between 0 and the instance limit of {instanceLimit} for ExactCount"));
                break;
        }

        // Azure stores both; say what the engine does with them rather than refuse or drop them silently.
        if (action.Direction == ScaleDirection.None && action.Type != ScaleType.ExactCount)
        {
            Warning(problems, path + ".direction", $"direction None with {action.Type} changes nothing (as in Azure): only ExactCount sets a capacity without a direction");
        }

        if (action.Type == ScaleType.ServiceAllowedNextValue && action.Value != 1)
        {
            Warning(problems, at, Invariant($"ignored: ServiceAllowedNextValue moves to the next capacity the resource allows, which for a scale set is one instance further; the value {action.Value} is not used"));
        }

        CheckRange(action.Cooldown, SettingLimits.MinCooldown, SettingLimits.MaxCooldown, path + ".cooldown", "cooldown", problems);
    }
}
