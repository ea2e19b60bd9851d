using System.Reactive.Subjects;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>The engine's side of a scale set's status (issue 20 item 1), on the engine's virtual clock.</summary>
[TestFixture]
public sealed class AutoscalerStatusTests
{
    [Test]
    public void GetStatus_BeforeAnyEvaluation_ScalingActiveFalseAndNoRules()
    {
        using var harness = new EngineHarness();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2);

        var status = set.GetStatus();

        Assert.Multiple(() =>
        {
            Assert.That(status.LastEvaluation, Is.Null);
            Assert.That(status.Capacity, Is.EqualTo(2));
            Assert.That(status.Rules, Is.Empty);
            Assert.That(status.GetCondition(ScaleSetConditionType.ScalingActive), Is.EqualTo(new ScaleSetCondition(ScaleSetConditionType.ScalingActive, false, "NotEvaluated", "no evaluation has run yet")));
            Assert.That(status.RecentDecisions, Is.Empty);
        });
    }

    [Test]
    public void GetStatus_HighCpuWithinTheCooldown_RuleAgainstThresholdAndTheCooldownBlocks()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 90, TimeSpan.Zero, TimeSpan.FromMinutes(3), "vm-0", "vm-1");
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(3));

        var status = set.GetStatus();

        var high = status.Rules[0];
        var able = status.GetCondition(ScaleSetConditionType.AbleToScale);
        Assert.Multiple(() =>
        {
            Assert.That(status.Time, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(3)));
            Assert.That((high.Name, high.Observed, high.Threshold, high.Outcome), Is.EqualTo(("cpu-high", (double?)90, 70.0, RuleOutcome.Met)));
            Assert.That(high.Window, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(high.LastSample, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(2)), "the newest grain with a sample");
            Assert.That(status.CooldownUntil, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(6)));
            Assert.That((able.Status, able.Reason), Is.EqualTo((false, "Cooldown")));
            Assert.That(status.NextActionBlockedBy, Is.EqualTo("cooldown until 2026-03-02T08:06:00Z"));
            Assert.That(status.RecentDecisions.Select(d => (d.From, d.To, d.Blocked)), Is.EqualTo(new[] { (2, 3, ScaleBlockReason.None), (3, 3, ScaleBlockReason.Cooldown), (3, 3, ScaleBlockReason.Cooldown) }));
            Assert.That(status.RecentDecisions[0].Explanation, Does.Contain("rule 'cpu-high' Percentage CPU = 90 > 70 proposes 3"));
        });
    }

    [Test]
    public void GetStatus_AtTheMaximumWithHighCpu_ScalingLimitedAndNoBlockedDecisionPublished()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 3, 1), 3, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 95, TimeSpan.Zero, TimeSpan.FromMinutes(4), "vm-0");
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(4));

        var status = set.GetStatus();

        var limited = status.GetCondition(ScaleSetConditionType.ScalingLimited);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Decisions, Is.Empty, "sitting at the maximum is not a refusal");
            Assert.That(harness.Evaluations.Where(e => e.Blocked == ScaleBlockReason.AtMaximum), Is.Not.Empty, "but it is an evaluation");
            Assert.That(status.Blocked, Is.EqualTo(ScaleBlockReason.AtMaximum));
            Assert.That((limited.Status, limited.Reason), Is.EqualTo((true, "TooManyReplicas")));
            Assert.That(status.NextActionBlockedBy, Is.EqualTo("at the profile maximum of 3"));
            Assert.That(status.RecentDecisions, Is.Empty);
        });
    }

    [Test]
    public void GetStatus_NoSamples_MissingDataForEveryRuleAndScalingInactive()
    {
        using var harness = new EngineHarness();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2);
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(2));

        var status = set.GetStatus();

        Assert.Multiple(() =>
        {
            Assert.That(status.MissingData, Is.EqualTo(new[] { "cpu-high", "cpu-low" }));
            Assert.That(status.Rules.Select(r => r.Observed), Is.All.Null);
            Assert.That(status.Rules[0].LastSample, Is.Null);
            Assert.That(status.Rules[0].Explanation, Is.EqualTo("rule 'cpu-high' Percentage CPU: no data in its window of 00:05:00"));
            Assert.That(status.GetCondition(ScaleSetConditionType.ScalingActive).Reason, Is.EqualTo("MissingData"));
            Assert.That(status.NextActionBlockedBy, Is.EqualTo("no data for 'cpu-high', 'cpu-low'"));
        });
    }
}
