using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Warns of scale-out and scale-in threshold rules on the same metric that can both be met, so that the set would flap.
/// </summary>
internal static class ThresholdOverlapCheck
{
    public static void ValidateThresholdOverlaps(List<ScaleRule> rules, string path, List<SettingProblem> problems)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (!IsScaleIn(rules[i]))
            {
                continue;
            }

            var scaleIn = rules[i].MetricTrigger;
            for (var j = 0; j < rules.Count; j++)
            {
                if (!IsScaleOut(rules[j]) || !SameMetric(scaleIn, rules[j].MetricTrigger))
                {
                    continue;
                }

                var scaleOut = rules[j].MetricTrigger;
                if (scaleIn.Threshold >= scaleOut.Threshold)
                {
                    Warning(problems, Invariant($"{path}[{i}].metricTrigger.threshold"), Invariant(
                        $"scale-in rule {path}[{i}] ({scaleIn.Operator} {scaleIn.Threshold}) and scale-out rule {path}[{j}] ({scaleOut.Operator} {scaleOut.Threshold}) on '{scaleIn.MetricName}' can both be met at once, so the set would flap; keep the scale-in threshold below {scaleOut.Threshold}"));
                }
            }
        }
    }

    private static bool IsScaleOut(ScaleRule? rule) =>
        rule is { ScaleAction.Direction: ScaleDirection.Increase, TargetTracking: null, StepScaling: null, MetricTrigger: { } trigger }
        && trigger.Operator is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
        && double.IsFinite(trigger.Threshold);

    private static bool IsScaleIn(ScaleRule? rule) =>
        rule is { ScaleAction.Direction: ScaleDirection.Decrease, TargetTracking: null, StepScaling: null, MetricTrigger: { } trigger }
        && trigger.Operator is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual
        && double.IsFinite(trigger.Threshold);

    private static bool SameMetric(MetricTrigger a, MetricTrigger b) =>
        string.Equals(a.MetricName, b.MetricName, StringComparison.OrdinalIgnoreCase)
        && a.Source == b.Source
        && SameResource(a.MetricResourceUri, b.MetricResourceUri)
        && SameResource(a.MetricNamespace, b.MetricNamespace)
        && a.Statistic == b.Statistic
        && a.TimeAggregation == b.TimeAggregation
        && a.TimeWindow == b.TimeWindow
        && a.TimeGrain == b.TimeGrain
        && a.DividePerInstance == b.DividePerInstance
        && SameDimensions(a.Dimensions, b.Dimensions);

    private static bool SameResource(string? a, string? b) =>
        Metrics.ResourceIdentity.IsNone(a) ? Metrics.ResourceIdentity.IsNone(b) : !Metrics.ResourceIdentity.IsNone(b) && Metrics.ResourceIdentity.Same(a!, b!);

    private static bool SameDimensions(List<MetricDimensionFilter>? a, List<MetricDimensionFilter>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.All(x => x is not null && b.Any(y => y is not null && SameFilter(x, y)));
    }

    private static bool SameFilter(MetricDimensionFilter x, MetricDimensionFilter y) =>
        string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase)
        && x.Operator == y.Operator
        && new HashSet<string>(x.Values ?? [], StringComparer.OrdinalIgnoreCase).SetEquals(y.Values ?? []);
}
