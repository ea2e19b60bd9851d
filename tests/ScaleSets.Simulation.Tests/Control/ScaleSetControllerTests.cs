using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class ScaleSetControllerTests
{
    [Test]
    public async Task Reconcile_ScaleOutFromZero_AllReadyBalancedAndInOrder()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(7, "decision-1");

        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances, Has.Count.EqualTo(7));
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(7));
        Assert.That(h.ZoneCounts().Values.Max() - h.ZoneCounts().Values.Min(), Is.LessThanOrEqualTo(1));
        var id = h.Instances[0].Id;
        var order = h.Events.Where(e => e.InstanceId == id).Select(e => e.Kind).ToList();
        Assert.That(order, Is.EqualTo(new[] { ControllerEventKind.InstanceCreated, ControllerEventKind.InstanceHealthy, ControllerEventKind.InstanceRegistered, ControllerEventKind.InstanceReady }));
        Assert.That(h.Events.Where(e => e.InstanceId == id).Select(e => e.CauseId), Is.All.EqualTo("decision-1"));
    }

    [Test]
    public async Task Reconcile_InstanceBooting_NotRegisteredUntilHealthy()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);

        await h.PassAsync();

        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(h.Members, Is.Empty);
    }

    [Test]
    public async Task Reconcile_ScaleIn_DrainsThenRemovesThenDeletes()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(2, "decision-in");

        await h.PassAsync();
        var victim = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceRemovalStarted).InstanceId!;
        Assert.That(h.Members.Single(m => m.InstanceId == victim).State, Is.EqualTo(LoadBalancerMemberState.Draining));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.PassAsync();
        Assert.That(h.Instances.Select(i => i.Id), Does.Contain(victim), "still has connections");
        await h.RunForAsync(TimeSpan.FromSeconds(45));

        Assert.That(h.Instances.Select(i => i.Id), Does.Not.Contain(victim));
        var kinds = h.Events.Where(e => e.InstanceId == victim && e.CauseId == "decision-in").Select(e => e.Kind).ToList();
        Assert.That(kinds, Is.EqualTo(new[] { ControllerEventKind.InstanceRemovalStarted, ControllerEventKind.InstanceDraining, ControllerEventKind.InstanceRemovedFromPool, ControllerEventKind.InstanceDeleted }));
    }

    [Test]
    public async Task Reconcile_ConnectionsOutlastDrainTimeout_RemovedAfterTimeout()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.FromMinutes(1), c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(1, null);

        await h.PassAsync();
        var drainedAt = h.Time.GetUtcNow();
        await h.RunForAsync(TimeSpan.FromSeconds(50));
        Assert.That(h.Instances, Has.Count.EqualTo(2));
        await h.RunForAsync(TimeSpan.FromSeconds(30));

        Assert.That(h.Instances, Has.Count.EqualTo(1));
        var removedAt = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceRemovedFromPool).Time;
        Assert.That(removedAt - drainedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(1)));
    }

    [TestCase(ScaleInRule.Default)]
    [TestCase(ScaleInRule.NewestVM)]
    [TestCase(ScaleInRule.OldestVM)]
    [TestCase(ScaleInRule.LeastLoaded)]
    public async Task Reconcile_ScaleInRule_RemovesTheChosenInstance(ScaleInRule rule)
    {
        using var h = new ControllerHarness(o =>
        {
            o.Zones.Clear();
            o.Zones.Add("1");
            o.ScaleIn.Rule = rule;
            o.DrainTimeout = TimeSpan.Zero;
        });
        for (var n = 1; n <= 4; n++)
        {
            h.Controller.SetDesiredCapacity(n, null);
            await h.SettleAsync();
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var byAge = h.Instances.OrderBy(i => i.CreatedAt).ToList();
        foreach (var (instance, connections) in byAge.Zip(new[] { 30, 5, 20, 40 }))
        {
            h.Cloud.SetActiveConnections("web", instance.Id, connections);
        }

        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();

        var expected = rule switch
        {
            ScaleInRule.OldestVM => byAge[0].Id,
            ScaleInRule.LeastLoaded => byAge[1].Id,
            _ => byAge[3].Id, // newest, which also has the highest index
        };
        Assert.That(h.Instances.Select(i => i.Id), Does.Not.Contain(expected));
        Assert.That(h.Instances, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_ProtectedInstances_NeverScaledIn()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero);
        h.Controller.SetDesiredCapacity(6, null);
        await h.SettleAsync();
        var protectedIds = h.Instances.Take(4).Select(i => i.Id).ToList();
        foreach (var id in protectedIds)
        {
            h.Cloud.SetProtectedFromScaleIn(id, true);
        }

        h.Controller.SetDesiredCapacity(1, null);
        await h.RunForAsync(TimeSpan.FromMinutes(5));

        Assert.That(h.Instances.Select(i => i.Id), Is.SupersetOf(protectedIds));
        Assert.That(h.Instances, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Reconcile_ScaleIn_KeepsZonesBalanced()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero);
        h.Controller.SetDesiredCapacity(12, null);
        await h.SettleAsync();

        h.Controller.SetDesiredCapacity(7, null);
        await h.SettleAsync();

        var counts = h.ZoneCounts();
        Assert.That(counts.Values.Sum(), Is.EqualTo(7));
        Assert.That(counts.Values.Max() - counts.Values.Min(), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task Reconcile_StrictZoneOutage_BlocksScaleOutAndSaysWhy()
    {
        using var h = new ControllerHarness(o => o.ZoneBalance = ZoneBalanceMode.Strict);
        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(9, "decision-strict");

        // The first wave goes out before zone 2 is known to be down: its creates there fail, the rest are rolled back.
        await h.PassAsync();
        Assert.That(SkewOf(h.Controller.GetInstances().Where(s => s.Removal == InstanceRemovalReason.None)), Is.LessThanOrEqualTo(1));
        await h.RunForAsync(TimeSpan.FromMinutes(15));

        var counts = h.ZoneCounts();
        Assert.That(counts.GetValueOrDefault("2"), Is.Zero);
        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int> { ["1"] = 1, ["3"] = 1 }), "with zone 2 empty, strict balance allows one instance in each other zone");
        var rolledBack = h.Events.Where(e => e.Kind == ControllerEventKind.InstanceRemovalStarted && e.Message.Contains("rolled back", StringComparison.Ordinal)).ToList();
        Assert.That(rolledBack, Has.Count.EqualTo(4), "the retries of zone 2 create nowhere else, so nothing more is rolled back");
        Assert.That(rolledBack.Select(e => e.CauseId), Is.All.EqualTo("decision-strict"));
        var blocked = h.Events.First(e => e.Kind == ControllerEventKind.ScaleOutBlocked);
        Assert.That(blocked.Message, Does.Contain("zone '2'"));
        Assert.That(blocked.CauseId, Is.EqualTo("decision-strict"));
    }

    [Test]
    public async Task Reconcile_StrictZoneOutageDuringScaleOut_RollsBackOnlyTheWaveAndKeepsSkewWithinOne()
    {
        using var h = new ControllerHarness(o => o.ZoneBalance = ZoneBalanceMode.Strict);
        h.Controller.SetDesiredCapacity(6, "before");
        await h.SettleAsync();
        var before = h.Instances.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        Assert.That(before, Has.Count.EqualTo(6));

        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(15, "decision-wave");
        for (var i = 0; i < 60; i++)
        {
            await h.PassAsync();
            var inService = h.Controller.GetInstances().Where(s => s.Removal == InstanceRemovalReason.None).ToList();
            Assert.That(SkewOf(inService), Is.LessThanOrEqualTo(1), $"pass {i}");
            Assert.That(h.Instances.Select(x => x.Id), Is.SupersetOf(before), $"pass {i}: an instance from before the outage was removed");
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        // Zone 2 keeps its 2; the others may hold at most 3 each.
        Assert.That(h.ZoneCounts(), Is.EquivalentTo(new Dictionary<string, int> { ["1"] = 3, ["2"] = 2, ["3"] = 3 }));
        var rolledBack = h.Events.Where(e => e.Kind == ControllerEventKind.InstanceRemovalStarted && e.Message.Contains("rolled back", StringComparison.Ordinal)).ToList();
        Assert.That(rolledBack, Is.Not.Empty);
        Assert.That(rolledBack.Select(e => e.CauseId), Is.All.EqualTo("decision-wave"));
        Assert.That(rolledBack.Select(e => e.InstanceId), Has.None.AnyOf(before.Cast<object>().ToArray()));
    }

    [Test]
    public async Task Reconcile_BestEffortZoneOutage_PlacesElsewhereThenRebalances()
    {
        using var h = new ControllerHarness(o => o.ZoneRetryInterval = TimeSpan.FromMinutes(1));
        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(9, null);
        await h.RunForAsync(TimeSpan.FromMinutes(5));
        Assert.That(h.Instances, Has.Count.EqualTo(9));
        Assert.That(h.ZoneCounts().GetValueOrDefault("2"), Is.Zero);

        h.Cloud.SetZoneOutage("2", false);
        await h.RunForAsync(TimeSpan.FromMinutes(30));

        Assert.That(h.ZoneCounts().Values, Is.All.EqualTo(3));
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(9));
    }

    [Test]
    public async Task Reconcile_CrashedInstance_OutOfRotationAndReplacedAfterGracePeriod()
    {
        using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10));
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var crashed = await h.CrashFirstAsync();
        Assert.That(h.Members.Single(m => m.InstanceId == crashed).State, Is.EqualTo(LoadBalancerMemberState.Draining));
        await h.RunForAsync(TimeSpan.FromMinutes(9));
        Assert.That(h.Instances.Select(i => i.Id), Does.Contain(crashed), "within grace period");
        await h.RunForAsync(TimeSpan.FromMinutes(5));

        Assert.That(h.Instances.Select(i => i.Id), Does.Not.Contain(crashed));
        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(h.Events.Select(e => e.Kind), Does.Contain(ControllerEventKind.RepairSucceeded));
    }

    [Test]
    public async Task Reconcile_ManyUnhealthyInSmallSet_RepairsOneAtATime()
    {
        using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10));
        h.Controller.SetDesiredCapacity(6, null);
        await h.SettleAsync();
        foreach (var i in h.Instances.Take(3))
        {
            h.Cloud.Crash(i.Id);
        }

        var maxConcurrent = 0;
        var end = h.Time.GetUtcNow() + TimeSpan.FromMinutes(40);
        while (h.Time.GetUtcNow() < end)
        {
            await h.PassAsync();
            maxConcurrent = Math.Max(maxConcurrent, h.Controller.GetInstances().Count(s => s.Removal == InstanceRemovalReason.Repair));
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.That(maxConcurrent, Is.EqualTo(1));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired), Is.EqualTo(3));
    }

    [Test]
    public async Task Reconcile_ReplacementsNeverHealthy_SuspendsRepairs()
    {
        using var h = await CrashedSetWhoseReplacementsNeverBootAsync();

        await h.RunForAsync(TimeSpan.FromHours(2));

        Assert.That(h.Controller.RepairsSuspended, Is.True);
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.RepairsSuspended), Is.EqualTo(1));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.RepairFailed), Is.EqualTo(2));
    }

    [TestCase(RepairAction.Restart)]
    [TestCase(RepairAction.Reimage)]
    public async Task Reconcile_RepairAction_KeepsTheInstanceAndMakesItHealthy(RepairAction action)
    {
        using var h = new ControllerHarness(o =>
        {
            o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
            o.AutomaticRepairs.Action = action;
        });
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        var crashed = h.Instances[0].Id;
        h.Cloud.Crash(crashed);

        await h.RunForAsync(TimeSpan.FromMinutes(15));

        Assert.That(h.Instances.Select(i => i.Id), Does.Contain(crashed));
        Assert.That(h.Instances.Single(i => i.Id == crashed).Health, Is.EqualTo(InstanceHealth.Healthy));
        Assert.That(h.Members.Single(m => m.InstanceId == crashed).State, Is.EqualTo(LoadBalancerMemberState.Ready));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Reconcile_AutomaticUpgrade_RollsInBatchesToTheNewModel(bool surge)
    {
        using var h = new ControllerHarness(o =>
        {
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.RollingUpgrade.MaxSurge = surge;
            o.DrainTimeout = TimeSpan.FromSeconds(30);
        });
        h.Controller.SetDesiredCapacity(10, null);
        await h.SettleAsync();

        h.Controller.UpdateModel(new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" }, "release-2");
        var maxOut = 0;
        var minReady = int.MaxValue;
        ReconcileResult result;
        var passes = 0;
        do
        {
            h.Time.Advance(TimeSpan.FromSeconds(15));
            result = await h.PassAsync();
            maxOut = Math.Max(maxOut, h.Controller.GetInstances().Count(s => s.Removal == InstanceRemovalReason.Upgrade));
            minReady = Math.Min(minReady, h.Members.Count(m => m.State == LoadBalancerMemberState.Ready));
        }
        while (!result.Converged && ++passes < 500);
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.PassAsync(); // upgrade bookkeeping (batch and upgrade completion) follows the pass that converged

        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
        Assert.That(h.Instances, Has.Count.EqualTo(10));
        Assert.That(maxOut, Is.LessThanOrEqualTo(2), "batches of 20%");
        if (surge)
        {
            Assert.That(minReady, Is.GreaterThanOrEqualTo(10), "surge creates before it removes");
        }

        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.UpgradeBatchCompleted), Is.GreaterThanOrEqualTo(5));
        Assert.That(h.Events.Where(e => e.Kind == ControllerEventKind.UpgradeBatchStarted).Select(e => e.CauseId), Is.All.EqualTo("release-2"));
        Assert.That(h.Events.Select(e => e.Kind), Does.Contain(ControllerEventKind.UpgradeCompleted));
    }

    [Test]
    public async Task Reconcile_ManualUpgradeMode_WaitsForStartRollingUpgrade()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero);
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        h.Controller.UpdateModel(new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" }, "release-2");

        await h.RunForAsync(TimeSpan.FromMinutes(10));
        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v1"));

        h.Controller.StartRollingUpgrade("operator");
        await h.SettleAsync(500);
        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
    }

    [Test]
    public async Task Reconcile_UpgradedInstancesUnhealthy_StopsTheUpgrade()
    {
        using var h = new ControllerHarness(o =>
        {
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.DrainTimeout = TimeSpan.Zero;
        });
        h.Controller.SetDesiredCapacity(10, null);
        await h.SettleAsync();
        h.Cloud.Options.BootFailureRate = 1; // the new image never boots healthy

        h.Controller.UpdateModel(new ScaleSetModel { Version = "v2", ImageReference = "broken.vhdx" }, "release-bad");
        await h.RunForAsync(TimeSpan.FromMinutes(20));

        Assert.That(h.Controller.IsUpgrading, Is.False);
        Assert.That(h.Events.Single(e => e.Kind == ControllerEventKind.UpgradeStopped).Message, Does.Contain("unhealthy"));
        Assert.That(h.Instances.Count(i => i.ModelVersion == "v1"), Is.GreaterThanOrEqualTo(8));
    }

    [Test]
    public async Task Reconcile_RestartAfterStoppedUpgradeRecovered_DoesNotResumeTheUpgrade()
    {
        using var h = new ControllerHarness(o =>
        {
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.DrainTimeout = TimeSpan.Zero;
        });
        h.Controller.SetDesiredCapacity(10, null);
        await h.SettleAsync();
        h.Cloud.Options.BootFailureRate = 1;
        h.Model = new ScaleSetModel { Version = "v2", ImageReference = "broken.vhdx" };
        h.Controller.UpdateModel(h.Model, "release-bad");
        await h.RunForAsync(TimeSpan.FromMinutes(20));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.UpgradeStopped), Is.EqualTo(1));

        // Repairs replace the broken v2 instances with healthy ones; the stopped upgrade must stay stopped across a restart.
        h.Cloud.Options.BootFailureRate = 0;
        await h.RunForAsync(TimeSpan.FromHours(1));
        var v1Before = h.Instances.Count(i => i.ModelVersion == "v1");
        h.Restart();
        await h.RunForAsync(TimeSpan.FromHours(1));

        Assert.That(h.Controller.IsUpgrading, Is.False);
        Assert.That(h.Instances.Count(i => i.ModelVersion == "v1"), Is.EqualTo(v1Before));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.UpgradeBatchStarted), Is.EqualTo(1));
        Assert.That(h.Events.Single(e => e.Kind == ControllerEventKind.StateRestored).Message, Does.Contain("stopped upgrade v2"));
    }

    [Test]
    public async Task Reconcile_RestartWhileRepairsSuspended_StaysSuspended()
    {
        using var h = await CrashedSetWhoseReplacementsNeverBootAsync();
        await h.RunForAsync(TimeSpan.FromHours(2));
        Assert.That(h.Controller.RepairsSuspended, Is.True);
        var repairs = h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired);

        h.Restart();
        await h.RunForAsync(TimeSpan.FromHours(1));

        Assert.That(h.Controller.RepairsSuspended, Is.True);
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired), Is.EqualTo(repairs));
    }

    [Test]
    public async Task Reconcile_RestartBetweenFailedRepairs_KeepsCountingToSuspension()
    {
        using var h = await CrashedSetWhoseReplacementsNeverBootAsync();
        for (var i = 0; i < 400 && !h.Events.Any(e => e.Kind == ControllerEventKind.RepairFailed); i++)
        {
            await h.PassAsync();
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.RepairFailed), Is.EqualTo(1));

        // The second repair's replacement is booting (and will never be healthy) when the controller restarts.
        await h.RunForAsync(TimeSpan.FromMinutes(1));
        h.Restart();
        await h.RunForAsync(TimeSpan.FromHours(2));

        Assert.That(h.Controller.RepairsSuspended, Is.True);
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.RepairFailed), Is.EqualTo(2));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.RepairsSuspended), Is.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_InstanceTurnsHealthy_ReportsWarmupAndClearsOnDelete()
    {
        var sink = new RecordingWarmupSink();
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, warmup: sink);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();

        var healthy = h.Events.First(e => e.Kind == ControllerEventKind.InstanceHealthy);
        Assert.That(sink.Warming[healthy.InstanceId!], Is.EqualTo(healthy.Time + TimeSpan.FromMinutes(5)));
        Assert.That(sink.Warming, Has.Count.EqualTo(2));

        h.Controller.SetDesiredCapacity(1, null);
        await h.SettleAsync();
        Assert.That(sink.Cleared, Has.Count.EqualTo(1));
        Assert.That(sink.Warming, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_Overprovision_CreatesExtrasKeepsFirstHealthyDeletesRest()
    {
        using var h = new ControllerHarness(o => o.Overprovision = true, c => c.BootTimeSpread = TimeSpan.FromMinutes(2));
        h.Controller.SetDesiredCapacity(10, null);

        var result = await h.PassAsync();
        Assert.That(result.Created, Is.EqualTo(12));
        result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances, Has.Count.EqualTo(10));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRegistered), Is.EqualTo(10), "extras never joined the pool");
    }

    [Test]
    public async Task Reconcile_ControllerRestartMidDrain_AdoptsAndFinishesWithoutDuplicates()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.FromMinutes(1), c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(3, null);
        await h.PassAsync();
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Draining), Is.EqualTo(1));
        var created = h.Cloud.InstancesCreated;

        h.Restart();
        h.Controller.SetDesiredCapacity(3, null);
        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(h.Cloud.InstancesCreated, Is.EqualTo(created), "no creates after the restart");
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceAdopted), Is.EqualTo(4));
    }

    [Test]
    public async Task Reconcile_ControllerRestartWithLowerCapacityAborted_RollsBackTheDrain()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.FromMinutes(1), c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(3, null);
        await h.PassAsync();

        h.Restart();
        h.Controller.SetDesiredCapacity(4, null);
        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(4));
    }

    [Test]
    public async Task Reconcile_LoadBalancerRestarted_ReRegistersHealthyInstances()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(5, null);
        await h.SettleAsync();

        h.Cloud.RestartLoadBalancer();
        await h.PassAsync();

        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(5));
    }

    [Test]
    public async Task Reconcile_LostInstance_ReplacedAndGhostMemberRemoved()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var lost = h.Instances[1].Id;
        h.Cloud.Lose(lost);

        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Members.Select(m => m.InstanceId), Does.Not.Contain(lost));
        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(h.Events.Select(e => e.Kind), Does.Contain(ControllerEventKind.InstanceLost).And.Contain(ControllerEventKind.OrphanMemberRemoved));
    }

    [Test]
    public async Task Reconcile_TransientFailures_RetriedUntilConverged()
    {
        using var h = new ControllerHarness(configure: null, cloud: c => c.TransientFailureRate = 0.4);
        h.Controller.SetDesiredCapacity(20, null);

        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances, Has.Count.EqualTo(20));
    }

    [Test]
    public async Task Reconcile_PermanentCreateFailureLeavingInstance_AdoptsItWithoutDuplicate()
    {
        using var h = new ControllerHarness(configure: null, cloud: c =>
        {
            c.PermanentFailureRate = 0.5;
            c.FailedCreateLeavesInstanceRate = 1;
        });
        h.Controller.SetDesiredCapacity(10, null);

        await h.PassAsync();
        Assert.That(h.Controller.GetInstances().Select(s => s.Instance.Id), Is.EquivalentTo(h.Instances.Select(i => i.Id)));
        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(i => i.Name).Distinct().Count(), Is.EqualTo(10));
        Assert.That(h.Events.Select(e => e.Kind), Does.Contain(ControllerEventKind.InstanceCreateFailed));
    }

    [Test]
    public async Task Reconcile_Hooks_CreatedBeforeRegisterAndTerminateWaitsForNotBefore()
    {
        var hook = new RecordingHook(approve: false);
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, hook: hook);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        Assert.That(hook.Created, Has.Count.EqualTo(2));

        h.Controller.SetDesiredCapacity(1, null);
        await h.PassAsync();
        await h.PassAsync();
        Assert.That(hook.Terminating, Has.Count.EqualTo(1));
        await h.RunForAsync(TimeSpan.FromMinutes(4));
        Assert.That(h.Instances, Has.Count.EqualTo(2), "not before five minutes");
        await h.RunForAsync(TimeSpan.FromMinutes(2));
        Assert.That(h.Instances, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_HookApproves_DeletesAtOnce()
    {
        var hook = new RecordingHook(approve: true);
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, hook: hook);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();

        h.Controller.SetDesiredCapacity(1, null);
        await h.PassAsync();
        await h.PassAsync();

        Assert.That(h.Instances, Has.Count.EqualTo(1));
    }

    [TestCase(10, 60)]
    [TestCase(50, 30)]
    [TestCase(7, 45)]
    public async Task Reconcile_ThousandInstances_FinishesWithinBoundOfConcurrency(int concurrency, int latencySeconds)
    {
        using var h = new ControllerHarness(o => o.MaxConcurrentOperations = concurrency, c =>
        {
            c.CreateLatency = TimeSpan.FromSeconds(latencySeconds);
            c.BootTime = TimeSpan.Zero;
        });
        h.Controller.SetDesiredCapacity(1000, null);

        var result = await h.PassAsync();

        var elapsed = h.Time.GetUtcNow() - ControllerHarness.Start;
        var bound = TimeSpan.FromSeconds(Math.Ceiling(1000.0 / concurrency) * latencySeconds);
        Assert.That(result.Created, Is.EqualTo(1000));
        Assert.That(elapsed, Is.LessThanOrEqualTo(bound * 1.2));
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(bound), "never more than the bound in flight");
    }

    [Test]
    public void SetDesiredCapacity_AboveMaxInstances_ThrowsNamingTheSet()
    {
        using var h = new ControllerHarness();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => h.Controller.SetDesiredCapacity(1001, null));

        Assert.That(ex!.Message, Does.Contain("'web'").And.Contain("1000"));
    }

    [Test]
    public void UpdateModel_ChangedWithoutNewVersion_Throws()
    {
        using var h = new ControllerHarness();

        Assert.Throws<ArgumentException>(() => h.Controller.UpdateModel(new ScaleSetModel { Version = "v1", ImageReference = "other.vhdx" }, null));
    }

    [Test]
    public async Task ReconcileOnceAsync_WhilePassRuns_Throws()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);
        var first = h.Controller.ReconcileOnceAsync(CancellationToken.None);

        Assert.ThrowsAsync<InvalidOperationException>(() => h.Controller.ReconcileOnceAsync(CancellationToken.None));
        await h.Time.RunUntilCompletedAsync(first, TimeSpan.FromHours(1));
        Assert.That((await first).Created, Is.EqualTo(3));
    }

    [Test]
    public async Task RunAsync_OnVirtualTimer_ConvergesAndStopsOnCancel()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(4, null);
        using var cts = new CancellationTokenSource();
        var loop = h.Controller.RunAsync(cts.Token);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        cts.Cancel();
        await loop;

        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(4));
    }

    private static int SkewOf(IEnumerable<InstanceStatus> instances)
    {
        var counts = new[] { "1", "2", "3" }.ToDictionary(z => z, _ => 0, StringComparer.Ordinal);
        foreach (var s in instances)
        {
            counts[s.Instance.Zone]++;
        }

        return counts.Values.Max() - counts.Values.Min();
    }

    /// <summary>Two settled instances, repairs after 10 minutes, suspension after 2 failures; one instance crashed and
    /// no replacement will ever boot.</summary>
    private static async Task<ControllerHarness> CrashedSetWhoseReplacementsNeverBootAsync()
    {
        var h = new ControllerHarness(o =>
        {
            o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
            o.AutomaticRepairs.MaxConsecutiveFailures = 2;
        });
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Cloud.Options.BootFailureRate = 1;
        h.Cloud.Crash(h.Instances[0].Id);
        return h;
    }
}
