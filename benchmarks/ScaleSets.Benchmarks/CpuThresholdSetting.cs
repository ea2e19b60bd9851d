using ScaleSets.Model;

namespace ScaleSets.Benchmarks;

/// <summary>The setting the history and status benchmarks scale on: one profile, out above 70% CPU and in below 20%, over 5-minute windows with the default 5-minute cooldown.</summary>
internal static class CpuThresholdSetting
{
    public static AutoscaleSetting Create(string name, int minimum, int maximum, int defaultCapacity)
    {
        var profile = new AutoscaleProfile { Name = "default", Capacity = new ScaleCapacity { Minimum = minimum, Maximum = maximum, Default = defaultCapacity } };
        profile.Rules.Add(new ScaleRule
        {
            Name = "cpu-high",
            MetricTrigger = new MetricTrigger { MetricName = "cpu", TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.GreaterThan, Threshold = 70 },
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase },
        });
        profile.Rules.Add(new ScaleRule
        {
            Name = "cpu-low",
            MetricTrigger = new MetricTrigger { MetricName = "cpu", TimeWindow = TimeSpan.FromMinutes(5), Operator = ComparisonOperator.LessThan, Threshold = 20 },
            ScaleAction = new ScaleAction { Direction = ScaleDirection.Decrease },
        });
        return new AutoscaleSetting { Name = name, Profiles = [profile] };
    }
}
