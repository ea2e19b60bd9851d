using ScaleSets.Model;

namespace ScaleSets.Extensions.Tests;

/// <summary>Autoscale settings the tests build in code.</summary>
internal static class TestSettings
{
    /// <summary>One profile of 1 to 10 instances (2 by default) with one rule: CPU above 70 % adds an instance.</summary>
    public static AutoscaleSetting Cpu() => new()
    {
        Name = "cpu",
        Profiles =
        [
            new AutoscaleProfile
            {
                Name = "default",
                Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 2 },
                Rules =
                [
                    new ScaleRule
                    {
                        MetricTrigger = new MetricTrigger { MetricName = "Percentage CPU", Operator = ComparisonOperator.GreaterThan, Threshold = 70, TimeWindow = TimeSpan.FromMinutes(5) },
                        ScaleAction = new ScaleAction { Direction = ScaleDirection.Increase, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
                    },
                ],
            },
        ],
    };
}
