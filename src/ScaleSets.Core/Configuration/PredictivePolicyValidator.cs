using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks a predictive scaling policy: its metric, target, quantile, lead time, grain, histories, scale-in margin and refit interval.
/// </summary>
internal static class PredictivePolicyValidator
{
    // A disabled policy is checked too: it is one mode switch away from acting, and the engine may build its forecaster
    // whatever the mode.
    public static void ValidatePredictive(PredictiveScalingPolicy policy, string path, List<SettingProblem> problems)
    {
        CheckEnum(policy.Mode, path + ".mode", "predictive mode", problems);
        if (string.IsNullOrWhiteSpace(policy.MetricName))
        {
            Error(problems, path + ".metricName", "the metric name is empty; name the metric to forecast");
        }

        if (policy.Source is { } source)
        {
            CheckEnum(source, path + ".source", "metric source", problems);
        }

        CheckRange(policy.TimeGrain, SettingLimits.MinPredictiveTimeGrain, SettingLimits.MaxPredictiveTimeGrain, path + ".timeGrain", "time grain", problems);
        CheckEnum(policy.Statistic, path + ".statistic", "statistic", problems);
        if (!double.IsFinite(policy.TargetPerInstance) || policy.TargetPerInstance <= 0)
        {
            Error(problems, path + ".targetPerInstance", Invariant($"target per instance {policy.TargetPerInstance} must be a finite number greater than zero"));
        }

        if (!(policy.Quantile >= SettingLimits.MinQuantile && policy.Quantile <= SettingLimits.MaxQuantile))
        {
            Error(problems, path + ".quantile", Invariant($"quantile {policy.Quantile} must be between {SettingLimits.MinQuantile} and {SettingLimits.MaxQuantile}"));
        }

        CheckRange(policy.LeadTime, TimeSpan.Zero, SettingLimits.MaxLeadTime, path + ".leadTime", "lead time", problems);
        if (policy.MinimumHistory is { } minimum)
        {
            // Clamped so that an out-of-range grain (reported above) neither overflows nor hides this check.
            var grain = policy.TimeGrain < SettingLimits.MinPredictiveTimeGrain ? SettingLimits.MinPredictiveTimeGrain
                : policy.TimeGrain > SettingLimits.MaxPredictiveTimeGrain ? SettingLimits.MaxPredictiveTimeGrain
                : policy.TimeGrain;
            var needed = grain * SettingLimits.MinHistoryGrains;
            if (minimum < needed)
            {
                Error(problems, path + ".minimumHistory", Invariant($"minimum history {Duration(minimum)} is shorter than {SettingLimits.MinHistoryGrains} time grains ({Duration(needed)}); a forecast needs at least that much history"));
            }
            else if (minimum > policy.MaximumHistory)
            {
                Error(problems, path + ".minimumHistory", $"minimum history {Duration(minimum)} is longer than the maximum history of {Duration(policy.MaximumHistory)}, so the policy could never act");
            }
        }

        CheckRange(policy.MaximumHistory, SettingLimits.MinMaximumHistory, SettingLimits.MaxMaximumHistory, path + ".maximumHistory", "maximum history", problems);
        if (!(policy.ScaleInMargin >= 0 && policy.ScaleInMargin <= SettingLimits.MaxScaleInMargin))
        {
            Error(problems, path + ".scaleInMargin", Invariant($"scale-in margin {policy.ScaleInMargin} must be between 0 and {SettingLimits.MaxScaleInMargin}"));
        }

        CheckRange(policy.RefitInterval, SettingLimits.MinRefitInterval, SettingLimits.MaxRefitInterval, path + ".refitInterval", "refit interval", problems);
    }
}
