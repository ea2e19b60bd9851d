using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Tests.Policy;

/// <summary>Builders for the settings the policy and engine tests use.</summary>
internal static class Profiles
{
    public static ScaleRule Threshold(
        string metric,
        ComparisonOperator op,
        double threshold,
        ScaleDirection direction,
        int value = 1,
        ScaleType type = ScaleType.ChangeCount,
        TimeSpan? cooldown = null,
        bool dividePerInstance = false,
        string? name = null,
        MetricStatistic statistic = MetricStatistic.Average,
        TimeSpan? window = null,
        TimeAggregationType aggregation = TimeAggregationType.Average,
        MetricSourceKind? source = null) => new()
        {
            Name = name,
            MetricTrigger = new MetricTrigger
            {
                MetricName = metric,
                Source = source,
                Operator = op,
                Threshold = threshold,
                DividePerInstance = dividePerInstance,
                Statistic = statistic,
                TimeWindow = window ?? TimeSpan.FromMinutes(5),
                TimeAggregation = aggregation,
            },
            ScaleAction = new ScaleAction { Direction = direction, Type = type, Value = value, Cooldown = cooldown ?? TimeSpan.FromMinutes(5) },
        };

    public static ScaleRule Target(string metric, double target, bool dividePerInstance = false, Action<TargetTrackingPolicy>? configure = null, string? name = null)
    {
        var policy = new TargetTrackingPolicy { TargetValue = target };
        configure?.Invoke(policy);
        return new ScaleRule
        {
            Name = name,
            MetricTrigger = new MetricTrigger { MetricName = metric, DividePerInstance = dividePerInstance, TimeWindow = TimeSpan.FromMinutes(5) },
            TargetTracking = policy,
        };
    }

    public static ScaleRule Steps(string metric, ComparisonOperator op, double threshold, ScaleType type, params (double? Lower, double? Upper, int Adjustment)[] steps) => new()
    {
        MetricTrigger = new MetricTrigger { MetricName = metric, Operator = op, Threshold = threshold, TimeWindow = TimeSpan.FromMinutes(5) },
        StepScaling = new StepScalingPolicy
        {
            AdjustmentType = type,
            Steps = [.. steps.Select(s => new StepAdjustment { LowerBound = s.Lower, UpperBound = s.Upper, Adjustment = s.Adjustment })],
        },
    };

    public static AutoscaleProfile Profile(int minimum, int maximum, int @default, params ScaleRule[] rules) => new()
    {
        Name = "default",
        Capacity = new ScaleCapacity { Minimum = minimum, Maximum = maximum, Default = @default },
        Rules = [.. rules],
    };

    public static AutoscaleSetting Setting(params AutoscaleProfile[] profiles) => new() { Name = "test", Profiles = [.. profiles] };

    /// <summary>Azure's portal default: CPU &gt; 70 adds one, CPU &lt; 30 removes one, five-minute cooldowns.</summary>
    public static AutoscaleSetting CpuSetting(int minimum = 1, int maximum = 10, int @default = 1) => Setting(Profile(
        minimum,
        maximum,
        @default,
        Threshold("Percentage CPU", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase, name: "cpu-high"),
        Threshold("Percentage CPU", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, name: "cpu-low")));
}
