using ScaleSets.Model;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Policy;

[TestFixture]
public sealed class AutoscalePolicyTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Test]
    public void Evaluate_ScaleOutRuleMet_AddsInstancesAndStartsCooldown()
    {
        var harness = new PolicyHarness(CpuSetting().Profiles[0], capacity: 2);

        var result = harness.Evaluate(85, 85);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(3));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.RuleScaleOut));
            Assert.That(result.ActingRule, Is.EqualTo(0));
            Assert.That(harness.State.CooldownUntil, Is.EqualTo(PolicyHarness.Start + TimeSpan.FromMinutes(5)));
            Assert.That(harness.Rules[0].Outcome, Is.EqualTo(RuleOutcome.Met));
            Assert.That(harness.Rules[1].Outcome, Is.EqualTo(RuleOutcome.NotMet));
        });
    }

    [Test]
    public void Evaluate_NoRuleMet_KeepsCapacity()
    {
        var harness = new PolicyHarness(CpuSetting().Profiles[0], capacity: 4);

        var result = harness.Evaluate(50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(4));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.NoChange));
            Assert.That(result.IsNotable, Is.False);
        });
    }

    [Test]
    public void Evaluate_AnyScaleOutRule_TakesTheHighestCapacity()
    {
        var profile = Profile(
            1,
            20,
            1,
            Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase, value: 1, name: "cpu"),
            Threshold("queue", ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase, value: 3, name: "queue"),
            Threshold("latency", ComparisonOperator.GreaterThan, 500, ScaleDirection.Increase, value: 2, name: "latency"));
        var harness = new PolicyHarness(profile, capacity: 4);

        var result = harness.Evaluate(90, 150, 200);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(7), "the queue rule adds 3, more than the CPU rule's 1");
            Assert.That(result.ActingRule, Is.EqualTo(1));
        });
    }

    [Test]
    public void Evaluate_OnlySomeScaleInRulesMet_DoesNotScaleIn()
    {
        var profile = Profile(
            1,
            20,
            1,
            Threshold("cpu", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, name: "cpu-low"),
            Threshold("memory", ComparisonOperator.LessThan, 40, ScaleDirection.Decrease, name: "memory-low"));
        var harness = new PolicyHarness(profile, capacity: 5);

        var result = harness.Evaluate(10, 60);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(5));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.ScaleInNotUnanimous));
        });
    }

    [Test]
    public void Evaluate_AllScaleInRulesMet_TakesTheOneRemovingFewest()
    {
        var profile = Profile(
            1,
            20,
            1,
            Threshold("cpu", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, value: 3, name: "cpu-low"),
            Threshold("memory", ComparisonOperator.LessThan, 40, ScaleDirection.Decrease, value: 1, name: "memory-low"));
        var harness = new PolicyHarness(profile, capacity: 10);

        var result = harness.Evaluate(5, 5);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(9));
            Assert.That(result.ActingRule, Is.EqualTo(1));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.RuleScaleIn));
        });
    }

    [Test]
    public void Evaluate_ScaleOutAndScaleInBothMet_ScaleOutWins()
    {
        var profile = Profile(
            1,
            20,
            1,
            Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase),
            Threshold("queue", ComparisonOperator.LessThan, 10, ScaleDirection.Decrease));
        var harness = new PolicyHarness(profile, capacity: 3);

        Assert.That(harness.Evaluate(80, 1).To, Is.EqualTo(4));
    }

    [Test]
    public void Evaluate_WithinCooldown_BlocksAndExplains()
    {
        var harness = new PolicyHarness(CpuSetting().Profiles[0], capacity: 2);
        harness.Evaluate(85, 85);
        harness.Advance(TimeSpan.FromMinutes(4));

        var blocked = harness.Evaluate(90, 90);
        harness.Advance(TimeSpan.FromMinutes(1));
        var allowed = harness.Evaluate(90, 90);

        Assert.Multiple(() =>
        {
            Assert.That(blocked.To, Is.EqualTo(3));
            Assert.That(blocked.Wanted, Is.EqualTo(4));
            Assert.That(blocked.Blocked, Is.EqualTo(ScaleBlockReason.Cooldown));
            Assert.That(blocked.CooldownUntil, Is.EqualTo(PolicyHarness.Start + TimeSpan.FromMinutes(5)));
            Assert.That(allowed.To, Is.EqualTo(4), "the cooldown has passed at exactly five minutes");
        });
    }

    [Test]
    public void Evaluate_CooldownOfScaleOut_AlsoBlocksScaleIn()
    {
        var harness = new PolicyHarness(CpuSetting().Profiles[0], capacity: 2);
        harness.Evaluate(85, 85);
        harness.Advance(TimeSpan.FromMinutes(1));

        var result = harness.Evaluate(5, 5);

        Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.Cooldown));
    }

    [Test]
    public void Evaluate_AtMaximum_ReportsAtMaximum()
    {
        var harness = new PolicyHarness(CpuSetting(maximum: 3).Profiles[0], capacity: 3);

        var result = harness.Evaluate(99, 99);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(3));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.AtMaximum));
        });
    }

    [Test]
    public void Evaluate_ScaleOutBeyondMaximum_ClampsToMaximum()
    {
        var profile = Profile(1, 5, 1, Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase, value: 10));
        var harness = new PolicyHarness(profile, capacity: 2);

        Assert.That(harness.Evaluate(99).To, Is.EqualTo(5));
    }

    [Test]
    public void Evaluate_AtMinimum_ReportsAtMinimum()
    {
        var harness = new PolicyHarness(CpuSetting(minimum: 2).Profiles[0], capacity: 2);

        var result = harness.Evaluate(1, 1);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(2));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.AtMinimum));
        });
    }

    [TestCase(0, 3, ScaleReason.ProfileMinimum)]
    [TestCase(15, 10, ScaleReason.ProfileMaximum)]
    public void Evaluate_CapacityOutsideProfile_MovesIntoRangeIgnoringCooldown(int capacity, int expected, ScaleReason reason)
    {
        var harness = new PolicyHarness(CpuSetting(minimum: 3, maximum: 10, @default: 3).Profiles[0], capacity);
        harness.State.CooldownUntil = PolicyHarness.Start + TimeSpan.FromHours(1);

        var result = harness.Evaluate(50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(expected));
            Assert.That(result.Reason, Is.EqualTo(reason));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.None));
        });
    }

    [Test]
    public void Evaluate_MissingDataBelowDefault_GoesToDefault()
    {
        var harness = new PolicyHarness(CpuSetting(minimum: 1, maximum: 10, @default: 4).Profiles[0], capacity: 2);

        var result = harness.Evaluate(null, null);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(4));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.MissingDataDefault));
            Assert.That(harness.Rules[0].Outcome, Is.EqualTo(RuleOutcome.MissingData));
        });
    }

    [Test]
    public void Evaluate_MissingDataAtOrAboveDefault_DoesNothing()
    {
        var harness = new PolicyHarness(CpuSetting(minimum: 1, maximum: 10, @default: 4).Profiles[0], capacity: 6);

        var result = harness.Evaluate(null, null);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(6));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.NoChange));
        });
    }

    [Test]
    public void Evaluate_MissingDataOnScaleInRule_BlocksScaleIn()
    {
        var harness = new PolicyHarness(CpuSetting(minimum: 1, maximum: 10, @default: 1).Profiles[0], capacity: 6);

        var result = harness.Evaluate(5, null);

        Assert.That(result.To, Is.EqualTo(6));
    }

    // Azure docs, "Flapping in Autoscale": out +1 above 50%, in -1 below 30%. One instance at 56% scales out to two
    // at 28% each; scaling back in would give 56% again, so the scale-in is deferred.
    [Test]
    public void Evaluate_AzureFlappingExample_DefersScaleIn()
    {
        var profile = Profile(
            1,
            10,
            1,
            Threshold("Percentage CPU", ComparisonOperator.GreaterThan, 50, ScaleDirection.Increase, name: "out"),
            Threshold("Percentage CPU", ComparisonOperator.LessThan, 30, ScaleDirection.Decrease, name: "in"));
        var harness = new PolicyHarness(profile, capacity: 1);
        Assert.That(harness.Evaluate(56, 56).To, Is.EqualTo(2));
        harness.Advance(TenMinutes);

        var result = harness.Evaluate(28, 28);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(2));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.Flapping));
            Assert.That(harness.Flapping, Has.Count.EqualTo(1));
            Assert.That(harness.Flapping[0].Capacity, Is.EqualTo(1));
            Assert.That(harness.Flapping[0].ProjectedValue, Is.EqualTo(56).Within(1e-9));
            Assert.That(harness.Flapping[0].TriggeredRule, Is.EqualTo(0));
        });
    }

    // Azure docs, autoscale best practices: out +1 at >= 80%, in -1 at <= 60%. Three instances at 60% would project
    // to 90% on two, so no scale-in; at 50% they project to 75%, so the scale-in proceeds.
    [Test]
    public void Evaluate_AzureBestPracticesExample_ScalesInOnceProjectionIsBelowScaleOut()
    {
        var profile = Profile(
            1,
            10,
            1,
            Threshold("Percentage CPU", ComparisonOperator.GreaterThanOrEqual, 80, ScaleDirection.Increase),
            Threshold("Percentage CPU", ComparisonOperator.LessThanOrEqual, 60, ScaleDirection.Decrease));
        var harness = new PolicyHarness(profile, capacity: 3);

        var skipped = harness.Evaluate(60, 60);
        var projected = harness.Flapping[0].ProjectedValue;
        harness.Advance(TenMinutes);
        var scaled = harness.Evaluate(50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(skipped.Blocked, Is.EqualTo(ScaleBlockReason.Flapping));
            Assert.That(projected, Is.EqualTo(90).Within(1e-9));
            Assert.That(scaled.To, Is.EqualTo(2));
            Assert.That(harness.Flapping[0].ProjectedValue, Is.NaN, "the safe candidate records no projection");
            Assert.That(harness.Flapping[0].Safe, Is.True);
        });
    }

    // Azure docs: "it will also try to scale to a different number of instances between the current count and the target".
    [Test]
    public void Evaluate_FlappingAtTarget_ScalesInByLess()
    {
        var profile = Profile(
            1,
            20,
            1,
            Threshold("cpu", ComparisonOperator.GreaterThan, 70, ScaleDirection.Increase),
            Threshold("cpu", ComparisonOperator.LessThan, 45, ScaleDirection.Decrease, value: 5));
        var harness = new PolicyHarness(profile, capacity: 10);

        // 40% on 10 instances: 5 instances would see 80% (flaps), 6 would see 66.7% (safe).
        var result = harness.Evaluate(40, 40);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(6));
            Assert.That(result.Wanted, Is.EqualTo(5));
            Assert.That(harness.Flapping.Select(c => c.Capacity), Is.EqualTo(new[] { 5, 6 }));
            Assert.That(harness.Flapping.Select(c => c.Safe), Is.EqualTo(new[] { false, true }));
        });
    }

    [Test]
    public void Evaluate_SetLevelTotal_IsNotProjected()
    {
        var profile = Profile(
            0,
            10,
            0,
            Threshold("queue", ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase),
            Threshold("queue", ComparisonOperator.LessThan, 10, ScaleDirection.Decrease));
        foreach (var rule in profile.Rules)
        {
            rule.MetricTrigger.ValueKind = MetricValueKind.Total;
        }

        var harness = new PolicyHarness(profile, capacity: 2);

        // A queue length of 60 is the same whatever the capacity (a total), so 2 → 1 is safe; projected it would be 120.
        var result = harness.Evaluate(perInstance: false, 60, 5);

        Assert.That(result.To, Is.EqualTo(1));
    }

    [Test]
    public void Evaluate_DividePerInstance_ProjectsTheTotalOverTheCandidate()
    {
        var profile = Profile(
            1,
            10,
            1,
            Threshold("requests", ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase, dividePerInstance: true),
            Threshold("requests", ComparisonOperator.LessThan, 60, ScaleDirection.Decrease, dividePerInstance: true));
        var harness = new PolicyHarness(profile, capacity: 4);

        // 220 requests over 4 instances is 55 each (scale-in met); over 3 it is 73 (safe).
        var result = harness.Evaluate(perInstance: false, 220, 220);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Rules[1].Observed, Is.EqualTo(55).Within(1e-9));
            Assert.That(result.To, Is.EqualTo(3));
        });
    }

    [Test]
    public void Evaluate_ScaleFromZero_SetLevelQueueWakesTheSet()
    {
        var profile = Profile(
            0,
            10,
            0,
            Threshold("queue", ComparisonOperator.GreaterThan, 0, ScaleDirection.Increase, value: 1, name: "wake"),
            Threshold("queue", ComparisonOperator.Equals, 0, ScaleDirection.Decrease, value: 1, name: "sleep"));
        var harness = new PolicyHarness(profile, capacity: 0);

        var woke = harness.Evaluate(perInstance: false, 12, 12);
        harness.Advance(TenMinutes);
        var asleep = harness.Evaluate(perInstance: false, 0, 0);

        Assert.Multiple(() =>
        {
            Assert.That(woke.To, Is.EqualTo(1));
            Assert.That(asleep.To, Is.EqualTo(0));
        });
    }

    [Test]
    public void Evaluate_ExactCountScaleOut_SetsCapacity()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.GreaterThan, 90, ScaleDirection.Increase, value: 12, type: ScaleType.ExactCount));
        var harness = new PolicyHarness(profile, capacity: 3);

        Assert.That(harness.Evaluate(95).To, Is.EqualTo(12));
    }

    [Test]
    public void Evaluate_ExactCountBelowCurrent_IsNotAScaleOut()
    {
        var profile = Profile(1, 20, 1, Threshold("cpu", ComparisonOperator.GreaterThan, 90, ScaleDirection.Increase, value: 2, type: ScaleType.ExactCount));
        var harness = new PolicyHarness(profile, capacity: 5);

        Assert.That(harness.Evaluate(95).To, Is.EqualTo(5));
    }

    [Test]
    public void Evaluate_DisabledSetting_ExplainsButNeverActs()
    {
        var harness = new PolicyHarness(CpuSetting().Profiles[0], capacity: 2, enabled: false);

        var result = harness.Evaluate(95, 95);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(2));
            Assert.That(result.Wanted, Is.EqualTo(3));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.SettingDisabled));
            Assert.That(harness.State.CooldownUntil, Is.Null);
        });
    }

    [Test]
    public void Evaluate_StepScaling_PicksTheStepOfTheBreach()
    {
        // AWS's documented example: alarm at 50%; breach 0-10 adds 1, 10-20 adds 2, 20+ adds 3.
        var rule = Steps("cpu", ComparisonOperator.GreaterThanOrEqual, 50, ScaleType.ChangeCount, (0, 10, 1), (10, 20, 2), (20, null, 3));
        var results = new[] { 55.0, 65, 80 }.Select(cpu => new PolicyHarness(Profile(1, 20, 1, rule), capacity: 10).Evaluate(cpu).To).ToArray();

        Assert.That(results, Is.EqualTo(new[] { 11, 12, 13 }));
    }

    [Test]
    public void Evaluate_StepScalingScaleIn_UsesNegativeSteps()
    {
        var rule = Steps("cpu", ComparisonOperator.LessThanOrEqual, 40, ScaleType.PercentChangeCount, (-10, 0, -10), (null, -10, -30));
        var harness = new PolicyHarness(Profile(1, 20, 1, rule), capacity: 10);

        var result = harness.Evaluate(perInstance: false, 20);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(7), "a breach of -20 takes the -30% step: 10 - floor(3) = 7");
            Assert.That(harness.Rules[0].Direction, Is.EqualTo(ScaleDirection.Decrease));
        });
    }

    [Test]
    public void Evaluate_TargetTracking_FollowsTheHpaFormula()
    {
        // Kubernetes docs: current 200m against a 100m target doubles the replicas.
        var harness = new PolicyHarness(Profile(1, 50, 1, Target("cpu", 100)), capacity: 4);

        var result = harness.Evaluate(200);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(8));
            Assert.That(harness.Rules[0].RawProposal, Is.EqualTo(8));
            Assert.That(result.Reason, Is.EqualTo(ScaleReason.RuleScaleOut));
        });
    }

    [Test]
    public void Evaluate_TargetTrackingWithinTolerance_Holds()
    {
        var harness = new PolicyHarness(Profile(1, 50, 1, Target("cpu", 100)), capacity: 4);

        var result = harness.Evaluate(108);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(4));
            Assert.That(harness.Rules[0].Outcome, Is.EqualTo(RuleOutcome.WithinTolerance));
        });
    }

    [Test]
    public void Evaluate_TargetTrackingScaleDown_WaitsForTheStabilizationWindow()
    {
        var harness = new PolicyHarness(Profile(1, 50, 1, Target("cpu", 100)), capacity: 8);
        var capacities = new List<int>();

        // Load halves at once; the HPA default 300 s scale-down window holds the capacity until every recommendation
        // in the window agrees.
        harness.Evaluate(100);
        for (var minute = 1; minute <= 6; minute++)
        {
            harness.Advance(TimeSpan.FromMinutes(1));
            capacities.Add(harness.Evaluate(50).To);
        }

        Assert.That(capacities, Is.EqualTo(new[] { 8, 8, 8, 8, 4, 4 }));
    }

    [Test]
    public void Evaluate_TargetTrackingScaleUp_IsRateLimitedByDefaultPolicies()
    {
        // HPA's default scale-up: max(100%, 4 pods) per 15 s. From 2 instances at 10x the target, at most 6.
        var harness = new PolicyHarness(Profile(1, 100, 1, Target("cpu", 10)), capacity: 2);

        var first = harness.Evaluate(100);
        harness.Advance(TimeSpan.FromSeconds(5));
        var within = harness.Evaluate(100 * 2.0 / 6);
        harness.Advance(TimeSpan.FromSeconds(15));
        var after = harness.Evaluate(100 * 2.0 / 6);

        Assert.Multiple(() =>
        {
            Assert.That(first.To, Is.EqualTo(6));
            Assert.That(harness.Rules[0].RawProposal, Is.EqualTo(20));
            Assert.That(within.To, Is.EqualTo(6), "the period's budget is spent");
            Assert.That(after.To, Is.EqualTo(12), "a new period allows 100% more");
        });
    }

    [Test]
    public void Evaluate_TargetTrackingDisableScaleIn_NeverScalesIn()
    {
        var harness = new PolicyHarness(Profile(1, 50, 1, Target("cpu", 100, configure: p => p.DisableScaleIn = true)), capacity: 8);
        for (var minute = 0; minute < 10; minute++)
        {
            harness.Evaluate(10);
            harness.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.That(harness.Capacity, Is.EqualTo(8));
    }

    [Test]
    public void Evaluate_TargetTrackingFromZero_UsesTheSetLevelTotal()
    {
        var harness = new PolicyHarness(Profile(0, 50, 0, Target("queue", 30, dividePerInstance: true)), capacity: 0);

        var result = harness.Evaluate(perInstance: false, 100);

        Assert.That(result.To, Is.EqualTo(4), "ceil(100 / 30)");
    }
}
