using ScaleSets.Model;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Policy;

[TestFixture]
public sealed class PredictivePolicyTests
{
    [Test]
    public void Evaluate_ForecastAboveReactive_ProvisionsTheFloorEvenInCooldown()
    {
        var harness = new PolicyHarness(CpuSetting(1, 20, 1).Profiles[0], capacity: 3);
        harness.State.CooldownUntil = PolicyHarness.Start + TimeSpan.FromMinutes(5);

        var result = harness.Evaluate(new PredictiveInput(true, 8, -1), perInstance: true, 50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(8));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.PredictiveFloor));
            Assert.That(result.ActingRule, Is.EqualTo(-1));
        });
    }

    [Test]
    public void Evaluate_ReactiveAboveForecast_ReactiveWins()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase, value: 6));
        var harness = new PolicyHarness(profile, capacity: 3);

        var result = harness.Evaluate(new PredictiveInput(true, 5, -1), perInstance: true, 90);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(9));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.RuleScaleOut));
        });
    }

    [Test]
    public void Evaluate_ForecastAboveMaximum_ClampsToTheProfile()
    {
        var harness = new PolicyHarness(CpuSetting(1, 6, 1).Profiles[0], capacity: 3);

        Assert.That(harness.Evaluate(new PredictiveInput(true, 50, -1), perInstance: true, 50, 50).To, Is.EqualTo(6));
    }

    [Test]
    public void Evaluate_ScaleInBelowTheForecast_StopsAtTheFloor()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, value: 5));
        var harness = new PolicyHarness(profile, capacity: 10);

        var result = harness.Evaluate(new PredictiveInput(true, 7, -1), perInstance: false, 10);

        Assert.That(result.To, Is.EqualTo(7), "the rule wants 5; the forecast needs 7");
    }

    [Test]
    public void Evaluate_ScaleInWhileTheForecastNeedsAll_IsBlockedByTheForecast()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease));
        var harness = new PolicyHarness(profile, capacity: 6);

        var result = harness.Evaluate(new PredictiveInput(true, 6, -1), perInstance: false, 10);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(6));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.PredictiveFloor));
        });
    }

    [Test]
    public void Evaluate_PredictiveScaleInWithoutScaleInRules_ScalesIn()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase));
        var harness = new PolicyHarness(profile, capacity: 10);

        var result = harness.Evaluate(new PredictiveInput(true, 4, 5), perInstance: true, 20);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(5), "to the forecast plus its margin, never below the floor");
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.PredictiveScaleIn));
        });
    }

    [Test]
    public void Evaluate_PredictiveScaleInWhileAScaleInRuleObjects_DoesNothing()
    {
        var harness = new PolicyHarness(CpuSetting(1, 20, 1).Profiles[0], capacity: 10);

        var result = harness.Evaluate(new PredictiveInput(true, 4, 5), perInstance: true, 50, 50);

        Assert.That(result.To, Is.EqualTo(10), "the CPU scale-in rule is not met, so it objects");
    }

    [Test]
    public void Evaluate_NotBinding_IsIgnored()
    {
        var harness = new PolicyHarness(CpuSetting(1, 20, 1).Profiles[0], capacity: 3);

        Assert.That(harness.Evaluate(new PredictiveInput(false, 12, 1), perInstance: true, 50, 50).To, Is.EqualTo(3));
    }
}
