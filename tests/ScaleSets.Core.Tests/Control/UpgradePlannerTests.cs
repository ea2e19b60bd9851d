using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class UpgradePlannerTests
{
    [Test]
    public void Plan_TenOutdated_RemovesOneBatchInIndexOrder()
    {
        var planner = new UpgradePlanner(new RollingUpgradeOptions { Mode = UpgradeMode.Automatic, MaxBatchInstancePercent = 20 }, 1000);
        var instances = Enumerable.Range(0, 10).Reverse().Select(i => ControllerParts.Instance(i)).ToList();
        var plan = new ControllerPlan();

        planner.Plan(instances, "v2", 10, "model", ControllerParts.Now, plan);

        Assert.Multiple(() =>
        {
            Assert.That(planner.Active, Is.True, "automatic mode starts the upgrade of instances at an old model");
            Assert.That(plan.Steps.Where(s => s.Kind == PlanStepKind.Remove).Select(s => s.Instance!.Index), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(plan.Steps[^1].Event, Is.EqualTo(ControllerEventKind.UpgradeBatchStarted));
        });
    }

    [Test]
    public void Plan_WithSurge_KeepsTheBatchForItsReplacements()
    {
        var planner = new UpgradePlanner(new RollingUpgradeOptions { Mode = UpgradeMode.Automatic, MaxSurge = true }, 1000);
        var instances = Enumerable.Range(0, 5).Select(i => ControllerParts.Instance(i)).ToList();
        var plan = new ControllerPlan();

        planner.Plan(instances, "v2", 5, "model", ControllerParts.Now, plan);

        Assert.That(plan.Steps.Where(s => s.Kind != PlanStepKind.Emit).Select(s => (s.Kind, s.Instance!.Index)), Is.EqualTo(new[] { (PlanStepKind.MarkSurge, 0) }));
    }

    [Test]
    public void Plan_UpgradedInstancesUnhealthy_StopsAndRemembersTheVersion()
    {
        var planner = new UpgradePlanner(new RollingUpgradeOptions { Mode = UpgradeMode.Automatic }, 1000);
        var instances = new List<TrackedInstance> { ControllerParts.Instance(0, version: "v2", healthy: false), ControllerParts.Instance(1), ControllerParts.Instance(2) };
        var plan = new ControllerPlan();

        planner.Plan(instances, "v2", 3, "model", ControllerParts.Now, plan);

        Assert.That((planner.Active, planner.StoppedVersion, plan.Steps[^1].Event), Is.EqualTo((false, "v2", ControllerEventKind.UpgradeStopped)));
    }

    [Test]
    public void Plan_TooManyUnhealthy_WaitsAndSaysSoOnce()
    {
        var planner = new UpgradePlanner(new RollingUpgradeOptions { Mode = UpgradeMode.Automatic, MaxUnhealthyInstancePercent = 20 }, 1000);
        var instances = new List<TrackedInstance> { ControllerParts.Instance(0, healthy: false), ControllerParts.Instance(1), ControllerParts.Instance(2) };
        var first = new ControllerPlan();
        var second = new ControllerPlan();

        planner.Plan(instances, "v2", 3, "model", ControllerParts.Now, first);
        planner.Plan(instances, "v2", 3, "model", ControllerParts.Now, second);

        Assert.That((first.Steps.Single().Event, second.IsEmpty), Is.EqualTo((ControllerEventKind.UpgradeBlocked, true)));
    }

    [TestCase(1, 1)]
    [TestCase(10, 2)]
    [TestCase(11, 3)]
    public void BatchSize_TwentyPercent_RoundsUpToAtLeastOne(int size, int batch) =>
        Assert.That(new UpgradePlanner(new RollingUpgradeOptions(), 1000).BatchSize(size), Is.EqualTo(batch));
}
