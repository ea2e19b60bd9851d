using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class WarmPoolPlannerTests
{
    private static readonly string[] TwoZones = ["1", "2"];

    [Test]
    public void Plan_ScaleOut_TakesPreparedInstancesOfTheCreatesZonesAndLeavesTheRestToCreate()
    {
        var planner = Planner(minSize: 3);
        var pool = new List<PooledInstance> { Pooled(10, "1"), Pooled(11, "2"), Pooled(12, "2", prepared: false) };

        var plan = planner.Plan(pool, ["2", "1", "2"], 5, "v1", TwoZones, _ => true, ControllerParts.Now);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Takes.Select(t => (t.Instance.Index, t.CreateIndex)), Is.EqualTo(new[] { (11, 0), (10, 1) }), "the booting instance of zone 2 is not taken; the third create stays");
            Assert.That(plan.RefillZones, Is.EqualTo(new[] { "1", "1" }), "the pool refills what it gave, each to the zone it holds fewest in (zone 2 keeps the booting one)");
            Assert.That(plan.Removals, Is.Empty);
        });
    }

    [Test]
    public void Plan_BootedRunningInstances_AreStoppedInAStoppedPool()
    {
        var pool = new List<PooledInstance> { Pooled(1, state: InstanceState.Running, health: InstanceHealth.Healthy), Pooled(2, state: InstanceState.Running, health: InstanceHealth.Unknown, prepared: false) };
        pool[1].BootedOnce = false;

        var plan = Planner(minSize: 2).Plan(pool, [], 3, "v1", TwoZones, _ => true, ControllerParts.Now);

        Assert.That(plan.Stops.Select(p => p.Index), Is.EqualTo(new[] { 1 }), "only a healthy, booted instance is stopped; one still booting waits");
    }

    [Test]
    public void Plan_RunningPool_PreparedWhenHealthyAndNeverStopped()
    {
        var pool = new List<PooledInstance> { Pooled(1, state: InstanceState.Running, health: InstanceHealth.Healthy) };

        var plan = Planner(minSize: 1, state: WarmPoolState.Running).Plan(pool, ["1"], 3, "v1", TwoZones, _ => true, ControllerParts.Now);

        Assert.That((plan.Stops.Count, plan.Takes.Single().Instance.Index), Is.EqualTo((0, 1)));
    }

    [Test]
    public void Plan_ModelChanged_ReplacesEveryOutdatedInstanceAndTakesNone()
    {
        var pool = new List<PooledInstance> { Pooled(1, version: "v1"), Pooled(2, version: "v2") };

        var plan = Planner(minSize: 2).Plan(pool, ["1", "1"], 4, "v2", ["1"], _ => true, ControllerParts.Now);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Removals.Select(r => (r.Instance.Index, r.Why)), Is.EqualTo(new[] { (1, "model v1 is outdated (current v2)") }));
            Assert.That(plan.Takes.Select(t => t.Instance.Index), Is.EqualTo(new[] { 2 }), "a scale-out takes only instances of the current model");
            Assert.That(plan.RefillZones, Has.Count.EqualTo(2), "both places are refilled at the new model");
        });
    }

    [Test]
    public void Plan_BrokenFailedUnhealthyOrStuck_Replaced()
    {
        var broken = Pooled(1);
        broken.Broken = "its start for scale-out failed";
        var failed = Pooled(2, state: InstanceState.Failed, prepared: false);
        var unhealthy = Pooled(3, state: InstanceState.Running, health: InstanceHealth.Unhealthy, prepared: false);
        var stuck = new PooledInstance(ControllerParts.Info(4, state: InstanceState.Creating, health: InstanceHealth.Unknown), 4, ControllerParts.Now - TimeSpan.FromMinutes(31));

        var plan = Planner(minSize: 4).Plan([broken, failed, unhealthy, stuck], [], 1, "v1", ["1"], _ => true, ControllerParts.Now);

        Assert.Multiple(() =>
        {
            Assert.That(plan.Removals.Select(r => r.Instance.Index), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            Assert.That(plan.Removals[3].Why, Does.StartWith("not prepared within 00:30:00"));
            Assert.That(plan.RefillZones, Has.Count.EqualTo(4));
        });
    }

    [Test]
    public void Plan_Surplus_RemovesUnpreparedFirstThenNewest()
    {
        var pool = new List<PooledInstance> { Pooled(1), Pooled(2), Pooled(3), Pooled(4, state: InstanceState.Creating, health: InstanceHealth.Unknown, prepared: false) };

        var plan = Planner(minSize: 2).Plan(pool, [], 3, "v1", ["1"], _ => true, ControllerParts.Now);

        Assert.That(plan.Removals.Select(r => r.Instance.Index), Is.EqualTo(new[] { 4, 3 }));
    }

    [TestCase(10, 4, 6)]
    [TestCase(10, 9, 2)]
    [TestCase(10, 12, 2)]
    public void TargetSize_MaxPreparedCapacityLessDesired_AtLeastMinSize(int maxPrepared, int desired, int expected)
    {
        var options = new WarmPoolOptions { Enabled = true, MinSize = 2, MaxPreparedCapacity = maxPrepared };

        Assert.That(options.TargetSize(desired), Is.EqualTo(expected));
    }

    [Test]
    public void Plan_RefillAvoidsBlockedZones()
    {
        var plan = Planner(minSize: 3).Plan([], [], 0, "v1", TwoZones, z => z != "2", ControllerParts.Now);

        Assert.That(plan.RefillZones, Is.EqualTo(new[] { "1", "1", "1" }));
    }

    [Test]
    public void Plan_RemovalUnderWay_AskedAgainAndNotCounted()
    {
        var leaving = Pooled(1);
        leaving.Removal = "surplus";

        var plan = Planner(minSize: 1).Plan([leaving], ["1"], 1, "v1", ["1"], _ => true, ControllerParts.Now);

        Assert.That((plan.Removals.Single().Why, plan.Takes.Count, plan.RefillZones.Count), Is.EqualTo(("surplus", 0, 1)));
    }

    [Test]
    public void Validate_BadOptions_NameEachProblem()
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web" };
        options.WarmPool.Enabled = true;
        options.WarmPool.MinSize = 5;
        options.WarmPool.MaxPreparedCapacity = 3;
        options.WarmPool.PoolState = (WarmPoolState)7;

        var errors = options.Validate();

        Assert.That(errors, Is.EqualTo(new[]
        {
            "WarmPool.MaxPreparedCapacity: 3 is less than WarmPool.MinSize 5; the pool would always hold MinSize, so give a maximum of at least 5 or none.",
            "WarmPool.PoolState: 7 is not a warm pool state (Stopped or Running).",
        }));
    }

    [Test]
    public void Validate_EnabledButEmpty_Refused()
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web" };
        options.WarmPool.Enabled = true;
        options.WarmPool.MinSize = -1;

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "WarmPool.MinSize: -1 is outside 0 to 1000.",
        }));
        options.WarmPool.MinSize = 0;
        Assert.That(options.Validate().Single(), Does.StartWith("WarmPool: enabled with MinSize 0 and no MaxPreparedCapacity"));
    }

    private static WarmPoolPlanner Planner(int minSize, WarmPoolState state = WarmPoolState.Stopped) =>
        new(new WarmPoolOptions { Enabled = true, MinSize = minSize, PoolState = state }, TimeSpan.FromMinutes(30));

    private static PooledInstance Pooled(int index, string zone = "1", string version = "v1", InstanceState state = InstanceState.Stopped, InstanceHealth health = InstanceHealth.Unknown, bool prepared = true)
    {
        var p = new PooledInstance(ControllerParts.Info(index, zone, version, state, health), index, ControllerParts.Now) { BootedOnce = prepared };
        if (!prepared && state == InstanceState.Stopped)
        {
            p = new PooledInstance(ControllerParts.Info(index, zone, version, InstanceState.Creating, InstanceHealth.Unknown), index, ControllerParts.Now);
        }

        return p;
    }
}
