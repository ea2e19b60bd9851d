using ScaleSets.Configuration;
using ScaleSets.Model;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Configuration;

/// <summary>Each rule style at its own cadence: target tracking and step rules down to 10-second grains, threshold rules at Azure's limits.</summary>
[TestFixture]
public sealed class AutoscaleSettingValidatorCadenceTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Test]
    public void Validate_TargetTrackingWithTenSecondGrainAndOneGrainWindow_IsValid()
    {
        var rule = Target("cpu", 50);
        rule.MetricTrigger.TimeGrain = TenSeconds;
        rule.MetricTrigger.TimeWindow = TenSeconds;

        Assert.That(AutoscaleSettingValidator.Validate(Setting(Profile(1, 10, 1, rule))).Problems, Is.Empty);
    }

    [Test]
    public void Validate_StepRuleWithTenSecondGrain_IsValid()
    {
        var rule = Steps("cpu", ComparisonOperator.GreaterThan, 70, ScaleType.ChangeCount, (0, null, 1));
        rule.MetricTrigger.TimeGrain = TenSeconds;
        rule.MetricTrigger.TimeWindow = TimeSpan.FromSeconds(30);

        Assert.That(AutoscaleSettingValidator.Validate(Setting(Profile(1, 10, 1, rule))).Problems, Is.Empty);
    }

    [Test]
    public void Validate_TargetTrackingBelowTenSeconds_NamesTheGrain()
    {
        var rule = Target("cpu", 50);
        rule.MetricTrigger.TimeGrain = TimeSpan.FromSeconds(5);
        rule.MetricTrigger.TimeWindow = TenSeconds;

        var problems = AutoscaleSettingValidator.Validate(Setting(Profile(1, 10, 1, rule))).Problems;

        Assert.That(problems.Select(p => p.Path), Is.EqualTo(new[] { "$.profiles[0].rules[0].metricTrigger.timeGrain" }));
    }

    [Test]
    public void Validate_ThresholdRuleWithTenSecondGrainAndOneMinuteWindow_KeepsAzureLimits()
    {
        var rule = Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase);
        rule.MetricTrigger.TimeGrain = TenSeconds;
        rule.MetricTrigger.TimeWindow = TimeSpan.FromMinutes(1);

        var problems = AutoscaleSettingValidator.Validate(Setting(Profile(1, 10, 1, rule))).Problems;

        Assert.That(problems.Select(p => p.Path), Is.EquivalentTo(new[]
        {
            "$.profiles[0].rules[0].metricTrigger.timeGrain",
            "$.profiles[0].rules[0].metricTrigger.timeWindow",
        }));
    }

    [Test]
    public void Validate_EvaluationIntervalOutOfRange_NamesIt()
    {
        var setting = Setting(Profile(1, 10, 1, Target("cpu", 50)));
        setting.EvaluationInterval = TimeSpan.FromHours(2);

        Assert.That(AutoscaleSettingValidator.Validate(setting).Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.evaluationInterval" }));
    }

    [Test]
    public void Validate_BehaviorToleranceOfOne_NamesIt()
    {
        var setting = Setting(Profile(1, 10, 1, Target("cpu", 50, configure: p => p.ScaleDown.Tolerance = 1)));

        Assert.That(AutoscaleSettingValidator.Validate(setting).Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.profiles[0].rules[0].targetTracking.scaleDown.tolerance" }));
    }

    [Test]
    public void ReadWrite_HpaFields_RoundTrip()
    {
        var rule = Target("cpu", 50, configure: p =>
        {
            p.ScaleUp.Tolerance = 0.05;
            p.ScaleDownMissingValue = 100;
            p.LegacyLimits = true;
            p.ScaleDown.Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Pods, Value = 1, Period = TimeSpan.FromMinutes(5) }];
        });
        rule.MetricTrigger.ValueKind = MetricValueKind.PerInstance;
        var profile = Profile(0, 10, 0, rule);
        profile.Combination = RuleCombination.Hpa;
        var setting = Setting(profile);
        setting.PauseAtZero = true;
        setting.EvaluationInterval = TimeSpan.FromSeconds(15);

        var read = AutoscaleSettingJson.Read(AutoscaleSettingJson.Write(setting));
        var back = read.Setting!;
        var tracking = back.Profiles[0].Rules[0].TargetTracking!;

        Assert.Multiple(() =>
        {
            Assert.That(read.Problems, Is.Empty);
            Assert.That(back.PauseAtZero, Is.True);
            Assert.That(back.EvaluationInterval, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(back.Profiles[0].Combination, Is.EqualTo(RuleCombination.Hpa));
            Assert.That(back.Profiles[0].Rules[0].MetricTrigger.ValueKind, Is.EqualTo(MetricValueKind.PerInstance));
            Assert.That(tracking.ScaleUp.Tolerance, Is.EqualTo(0.05));
            Assert.That(tracking.ScaleDown.Tolerance, Is.Null);
            Assert.That(tracking.ScaleDownMissingValue, Is.EqualTo(100));
            Assert.That(tracking.LegacyLimits, Is.True);
            Assert.That(tracking.ScaleDown.Policies[0].Type, Is.EqualTo(ScalingRatePolicyType.Pods));
        });
    }

    [Test]
    public void Validate_HpaProfileWithDifferentBehaviors_WarnsAtTheRuleNotUsed()
    {
        var setting = Setting(Profile(1, 10, 1, Target("cpu", 50), Target("qps", 20, configure: p => p.ScaleDown.StabilizationWindow = TimeSpan.Zero)));

        var problems = AutoscaleSettingValidator.Validate(setting).Problems;

        Assert.Multiple(() =>
        {
            Assert.That(problems.Select(p => (p.Path, p.Severity)), Is.EqualTo(new[] { ("$.profiles[0].rules[1].targetTracking", SettingProblemSeverity.Warning) }));
            Assert.That(problems[0].Message, Does.Contain("rules[0]"));
        });
    }

    [Test]
    public void Validate_AzureProfileWithDifferentBehaviors_IsQuiet()
    {
        var profile = Profile(1, 10, 1, Target("cpu", 50), Target("qps", 20, configure: p => p.ScaleDown.StabilizationWindow = TimeSpan.Zero));
        profile.Combination = RuleCombination.Azure;

        Assert.That(AutoscaleSettingValidator.Validate(Setting(profile)).Problems, Is.Empty);
    }
}
