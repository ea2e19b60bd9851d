using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class CapacityPlannerTests
{
    [Test]
    public void Plan_BelowDesired_CreatesInTheShortZones()
    {
        var (planner, _) = Planner(ZoneBalanceMode.BestEffort);
        var instances = new List<TrackedInstance> { ControllerParts.Instance(0, "1"), ControllerParts.Instance(1, "1"), ControllerParts.Instance(2, "2") };

        var plan = planner.Plan(instances, 6, "up", "v1", ControllerParts.Now);

        Assert.That((string.Join(",", plan.CreateZones), plan.CreateCause, plan.PlacementBlocked), Is.EqualTo(("3,2,3", "up", false)));
    }

    [Test]
    public void Plan_AboveDesired_ScalesInFromTheFullestZone()
    {
        var (planner, _) = Planner(ZoneBalanceMode.BestEffort);
        var instances = new List<TrackedInstance> { ControllerParts.Instance(0, "1"), ControllerParts.Instance(1, "1"), ControllerParts.Instance(2, "2") };

        var plan = planner.Plan(instances, 2, "down", "v1", ControllerParts.Now);

        Assert.That(plan.Steps.Steps.Where(s => s.Kind == PlanStepKind.Remove).Select(s => (s.Instance!.Zone, s.Reason, s.Cause)), Is.EqualTo(new[] { ("1", InstanceRemovalReason.ScaleIn, "down") }));
    }

    [Test]
    public void Plan_NoDesiredCapacity_AdoptsTheCountFound()
    {
        var (planner, _) = Planner(ZoneBalanceMode.BestEffort);

        var plan = planner.Plan([ControllerParts.Instance(0)], null, null, "v1", ControllerParts.Now);

        Assert.That((plan.AdoptedDesired, plan.Steps.Steps.Single().Cause, plan.CreateZones.Count), Is.EqualTo(((int?)1, CapacityPlanner.AdoptedCause, 0)));
    }

    [Test]
    public void Plan_StrictWithAZoneUnavailable_PlacementBlockedAndReportedOnce()
    {
        var (planner, zones) = Planner(ZoneBalanceMode.Strict);
        zones.CreateFailed("2", ControllerParts.Now);

        var first = planner.Plan([], 6, "up", "v1", ControllerParts.Now);
        var second = planner.Plan([], 6, "up", "v1", ControllerParts.Now);

        Assert.Multiple(() =>
        {
            Assert.That((first.PlacementBlocked, first.CreateZones.Count), Is.EqualTo((true, 2)), "one per available zone, never a skew above one");
            Assert.That(first.Steps.Steps.Single().Event, Is.EqualTo(ControllerEventKind.ScaleOutBlocked));
            Assert.That(second.Steps.IsEmpty, Is.True, "the same block is not reported again");
        });
    }

    [Test]
    public void RebalancePending_ZonesTwoApart_True()
    {
        var (planner, _) = Planner(ZoneBalanceMode.BestEffort);
        var instances = new List<TrackedInstance> { ControllerParts.Instance(0, "1"), ControllerParts.Instance(1, "1"), ControllerParts.Instance(2, "1") };

        Assert.That(planner.RebalancePending(instances, ControllerParts.Now), Is.True);
    }

    private static (CapacityPlanner Planner, ZoneAvailability Zones) Planner(ZoneBalanceMode mode)
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web", ZoneBalance = mode };
        var zones = new ZoneAvailability(["1", "2", "3"], TimeSpan.FromMinutes(5));
        return (new CapacityPlanner(options, zones, new UpgradePlanner(options.RollingUpgrade, options.MaxInstances).BatchSize), zones);
    }
}
