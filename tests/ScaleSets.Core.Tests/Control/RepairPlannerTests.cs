using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class RepairPlannerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    [Test]
    public void Plan_TwoUnhealthyPastGraceInASmallSet_ReplacesTheLongestUnhealthyOnly()
    {
        var planner = new RepairPlanner(new AutomaticRepairOptions { GracePeriod = Grace });
        var older = ControllerParts.Instance(1, healthy: false);
        var newer = ControllerParts.Instance(2, healthy: false);
        older.NotHealthySince = ControllerParts.Now - TimeSpan.FromMinutes(20);
        newer.NotHealthySince = ControllerParts.Now - TimeSpan.FromMinutes(15);
        var plan = new ControllerPlan();

        var calls = planner.Plan([newer, older, ControllerParts.Instance(3)], ControllerParts.Now, plan);

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.Empty);
            Assert.That(plan.Steps.Where(s => s.Kind == PlanStepKind.Remove).Select(s => s.Instance), Is.EqualTo(new[] { older }), "one repair at a time below 20 instances");
            Assert.That(planner.PendingReplacements, Is.EqualTo(1));
            Assert.That(older.IsRemoving, Is.False, "planning changes no instance; the controller applies the plan");
        });
    }

    [Test]
    public void Plan_RestartAction_ReturnsTheInstanceToCallWithARepairCause()
    {
        var planner = new RepairPlanner(new AutomaticRepairOptions { GracePeriod = Grace, Action = RepairAction.Restart });
        var broken = ControllerParts.Instance(1, healthy: false);
        broken.NotHealthySince = ControllerParts.Now - Grace;
        var plan = new ControllerPlan();

        var calls = planner.Plan([broken], ControllerParts.Now, plan);
        new ControllerParts().Apply(plan);

        Assert.That((calls.Single(), broken.CauseId), Is.EqualTo((broken, "repair-1")));
    }

    [Test]
    public void Plan_RepairedInstancesStillUnhealthy_SuspendsAfterMaxConsecutiveFailures()
    {
        var planner = new RepairPlanner(new AutomaticRepairOptions { GracePeriod = Grace, MaxConsecutiveFailures = 2 });
        var instances = Enumerable.Range(1, 3).Select(i =>
        {
            var t = ControllerParts.Instance(i, healthy: false);
            t.NotHealthySince = ControllerParts.Now - Grace - TimeSpan.FromMinutes(i);
            t.RepairPending = true;
            return t;
        }).ToList();
        var plan = new ControllerPlan();

        planner.Plan(instances, ControllerParts.Now, plan);

        Assert.Multiple(() =>
        {
            Assert.That(planner.Suspended, Is.True);
            Assert.That(plan.Steps.Where(s => s.Kind == PlanStepKind.Emit).Select(s => s.Event), Is.EqualTo(new[]
            {
                ControllerEventKind.RepairFailed, ControllerEventKind.InstanceRepaired, ControllerEventKind.RepairFailed, ControllerEventKind.RepairsSuspended,
            }));
            Assert.That(planner.Plan(instances, ControllerParts.Now, new ControllerPlan()), Is.Empty, "suspended repairs plan nothing");
        });
    }

    [Test]
    public void OutcomesLost_ThenACreate_TheCreateIsTheRepairsOutcome()
    {
        var planner = new RepairPlanner(new AutomaticRepairOptions());

        planner.OutcomesLost(1);

        Assert.That((planner.TakeReplacement(), planner.TakeReplacement()), Is.EqualTo((true, false)));
    }
}
