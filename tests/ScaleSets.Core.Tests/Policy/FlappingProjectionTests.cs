using System.Globalization;
using System.Text;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Replay;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Policy;

/// <summary>
/// Azure's flapping guard projects a value by what it means, not by how it arrived: a scale set's <c>Percentage CPU</c>
/// comes from Azure Monitor as one set-level average, and is projected exactly like per-instance samples. The cases are
/// Azure's own worked examples (learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-flapping and the autoscale
/// best practices), fed as set-level series.
/// </summary>
[TestFixture]
public sealed class FlappingProjectionTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    // The issue's case: out above 80, in below 60; 2 instances at 50% (one set-level average). On 1 instance the same
    // load is 100%, so the scale-in would flap: Azure defers it, and so must the engine.
    [Test]
    public void Evaluate_SetLevelCpuAverageOnTwoInstances_DoesNotScaleInToOne()
    {
        var harness = new PolicyHarness(OutIn(ComparisonOperator.GreaterThan, 80, ComparisonOperator.LessThan, 60), capacity: 2);

        var result = harness.Evaluate(perInstance: false, 50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(2));
            Assert.That(result.Blocked, Is.EqualTo(ScaleBlockReason.Flapping));
            Assert.That(harness.Flapping[0].ProjectedValue, Is.EqualTo(100).Within(1e-9));
        });
    }

    // Azure, "Flapping in Autoscale": out +1 above 50%, in -1 below 30%. 56% on 1 instance scales out; 28% on 2 would be
    // 56% on 1 again, so the scale-in at T1 is deferred; it happens "once the average CPU usage is below" the point where
    // the projection stays at 50% or under (25%).
    [Test]
    public void Evaluate_AzureFlappingTableAsSetLevelSeries_DefersUntilTheProjectionIsSafe()
    {
        var harness = new PolicyHarness(OutIn(ComparisonOperator.GreaterThan, 50, ComparisonOperator.LessThan, 30), capacity: 1);
        var t0 = harness.Evaluate(perInstance: false, 56, 56);
        harness.Advance(TenMinutes);
        var t1 = harness.Evaluate(perInstance: false, 28, 28);
        var projected = harness.Flapping[0].ProjectedValue;
        harness.Advance(TenMinutes);
        var later = harness.Evaluate(perInstance: false, 24, 24);

        Assert.Multiple(() =>
        {
            Assert.That(t0.To, Is.EqualTo(2));
            Assert.That(t1.To, Is.EqualTo(2));
            Assert.That(t1.Blocked, Is.EqualTo(ScaleBlockReason.Flapping));
            Assert.That(projected, Is.EqualTo(56).Within(1e-9));
            Assert.That(later.To, Is.EqualTo(1), "24% on 2 instances is 48% on 1, below the scale-out threshold");
        });
    }

    // Azure, autoscale best practices: out +1 at >= 80%, in -1 at <= 60%, 3 instances. At 60%: 60 × 3 / 2 = 90, no
    // scale-in; at 50%: 50 × 3 / 2 = 75, scale-in to 2.
    [Test]
    public void Evaluate_AzureBestPracticesAsSetLevelSeries_ScalesInAtFifty()
    {
        var harness = new PolicyHarness(OutIn(ComparisonOperator.GreaterThanOrEqual, 80, ComparisonOperator.LessThanOrEqual, 60), capacity: 3);

        var atSixty = harness.Evaluate(perInstance: false, 60, 60);
        var projected = harness.Flapping[0].ProjectedValue;
        harness.Advance(TenMinutes);
        var atFifty = harness.Evaluate(perInstance: false, 50, 50);

        Assert.Multiple(() =>
        {
            Assert.That(atSixty.Blocked, Is.EqualTo(ScaleBlockReason.Flapping));
            Assert.That(projected, Is.EqualTo(90).Within(1e-9));
            Assert.That(atFifty.To, Is.EqualTo(2));
        });
    }

    // Azure, autoscale best practices: out at thread count >= 600, in at <= 600; 3 instances averaging 575 threads:
    // 575 × 3 / 2 = 862.5, so autoscale does not scale in at all.
    [Test]
    public void Evaluate_AzureThreadCountExampleAsSetLevelSeries_DoesNotScaleIn()
    {
        var harness = new PolicyHarness(
            Profile(
                1,
                10,
                1,
                Threshold("Thread Count", ComparisonOperator.GreaterThanOrEqual, 600, ScaleDirection.Increase),
                Threshold("Thread Count", ComparisonOperator.LessThanOrEqual, 600, ScaleDirection.Decrease)),
            capacity: 3);

        var result = harness.Evaluate(perInstance: false, 575, 575);

        Assert.Multiple(() =>
        {
            Assert.That(result.To, Is.EqualTo(3));
            Assert.That(harness.Flapping[0].ProjectedValue, Is.EqualTo(862.5).Within(1e-9));
        });
    }

    // A queue length compared with a fixed threshold is the same whatever the capacity: declared a total, it is not projected.
    [Test]
    public void Evaluate_ValueKindTotal_IsNotProjected()
    {
        var profile = OutIn(ComparisonOperator.GreaterThan, 80, ComparisonOperator.LessThan, 60, "queue");
        foreach (var rule in profile.Rules)
        {
            rule.MetricTrigger.ValueKind = MetricValueKind.Total;
        }

        var harness = new PolicyHarness(profile, capacity: 2);

        Assert.That(harness.Evaluate(perInstance: false, 50, 50).To, Is.EqualTo(1));
    }

    // A sum over the instances (statistic Sum) is a total too: the same 50 is not projected to 100.
    [Test]
    public void Evaluate_SumStatistic_IsATotalAndNotProjected()
    {
        var harness = new PolicyHarness(
            Profile(
                1,
                10,
                1,
                Threshold("requests", ComparisonOperator.GreaterThan, 80, ScaleDirection.Increase, statistic: MetricStatistic.Sum),
                Threshold("requests", ComparisonOperator.LessThan, 60, ScaleDirection.Decrease, statistic: MetricStatistic.Sum)),
            capacity: 2);

        Assert.That(harness.Evaluate(perInstance: false, 50, 50).To, Is.EqualTo(1));
    }

    // The same issue case end to end: Azure Monitor's set-level Percentage CPU at 50% for half an hour, replayed through
    // the engine from 2 instances. No action: the engine does not go 2 → 1.
    [Test]
    public void Replay_SetLevelPercentCpuAtFiftyOnTwo_TakesNoAction()
    {
        var setting = Setting(OutIn(ComparisonOperator.GreaterThan, 80, ComparisonOperator.LessThan, 60, "Percentage CPU"));
        var csv = new StringBuilder("timestamp,metric,value\n");
        for (var minute = 0; minute < 30; minute++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{(Start + TimeSpan.FromMinutes(minute)).ToString("O", CultureInfo.InvariantCulture)},Percentage CPU,50\n");
        }

        var actions = MetricReplay.Run(setting, MetricCsvReader.Read(new StringReader(csv.ToString()), "cpu.csv"), new ReplayOptions { InitialCapacity = 2 });

        Assert.That(actions, Is.Empty);
    }

    private static AutoscaleProfile OutIn(ComparisonOperator outOp, double outAt, ComparisonOperator inOp, double inAt, string metric = "Percentage CPU") => Profile(
        1,
        10,
        1,
        Threshold(metric, outOp, outAt, ScaleDirection.Increase, name: "out"),
        Threshold(metric, inOp, inAt, ScaleDirection.Decrease, name: "in"));
}
