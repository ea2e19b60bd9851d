using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

/// <summary>The warm pool's state with plain values: listings split, restore after a restart, a plan applied.</summary>
[TestFixture]
public sealed class WarmPoolTests
{
    [Test]
    public void Restore_MovesSavedPooledInstancesFromTheTableBackIntoThePool()
    {
        var parts = new ControllerParts();
        var pool = Pool(parts);
        var listing = new[] { ControllerParts.Info(0), ControllerParts.Info(1, state: InstanceState.Stopped, health: InstanceHealth.Unknown) };
        using (parts.Gate.Enter())
        {
            foreach (var info in pool.Observe(listing, ControllerParts.Now))
            {
                parts.Table.Adopt(info, ControllerParts.Now);
            }

            Assert.That(pool.Restore(["vm-1", "vm-9"], ControllerParts.Now), Is.EqualTo(1), "an id the provider no longer lists is ignored");
        }

        Assert.Multiple(() =>
        {
            Assert.That(parts.Table.All.Select(t => t.Id), Is.EqualTo(new[] { "vm-0" }));
            Assert.That(pool.All.Select(p => (p.Id, p.IsPrepared(WarmPoolState.Stopped))), Is.EqualTo(new[] { ("vm-1", true) }));
            Assert.That(pool.Ids(), Is.EqualTo(new[] { "vm-1" }));
            Assert.That(parts.Events.Single().Message, Does.Contain("1 instances are pooled, not in service"));
        });
    }

    [Test]
    public void Observe_PooledInstancesKeptFromTheRestAndAVanishedOneDropped()
    {
        var parts = new ControllerParts();
        var pool = Pool(parts);
        IReadOnlyList<InstanceInfo> rest;
        using (parts.Gate.Enter())
        {
            pool.Add(ControllerParts.Info(1, state: InstanceState.Creating, health: InstanceHealth.Unknown), ControllerParts.Now);
            pool.Add(ControllerParts.Info(2, state: InstanceState.Stopped, health: InstanceHealth.Unknown), ControllerParts.Now);
            rest = pool.Observe([ControllerParts.Info(0), ControllerParts.Info(1)], ControllerParts.Now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(rest.Select(i => i.Id), Is.EqualTo(new[] { "vm-0" }), "the observer never sees a pooled instance");
            Assert.That(pool.All.Single().BootedOnce, Is.True, "seen running and healthy: its first boot is done");
            Assert.That(parts.Events.Single().Kind, Is.EqualTo(ControllerEventKind.WarmPoolInstanceRemoved));
            Assert.That(parts.Events.Single().Message, Does.Contain("web_000002 vanished from the provider"));
        });
    }

    [Test]
    public void Plan_TakeReplacesTheCreateAndJoinsTheTableWithTheScaleOutsCause()
    {
        var parts = new ControllerParts();
        var pool = Pool(parts);
        var capacity = new CapacityPlan { CreateCause = "out" };
        capacity.CreateZones.AddRange(["1", "1"]);
        WarmPoolPlan plan;
        using (parts.Gate.Enter())
        {
            var p = pool.Add(ControllerParts.Info(7, state: InstanceState.Stopped, health: InstanceHealth.Unknown), ControllerParts.Now);
            p.BootedOnce = true;
            plan = pool.Plan(capacity, 2, "v1", new RepairPlanner(new AutomaticRepairOptions()), ControllerParts.Now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(capacity.CreateZones, Is.EqualTo(new[] { "1" }), "one create left");
            Assert.That(parts.Table.TryGet("vm-7", out var t) ? t.CauseId : null, Is.EqualTo("out"));
            Assert.That(pool.All, Is.Empty);
            Assert.That(plan.RefillZones, Is.EqualTo(new[] { "1" }), "the pool refills what it gave");
            Assert.That(parts.Table.AllocateNames(1), Is.EqualTo(new[] { "web_000008" }), "names go on after the pooled instance's");
        });
    }

    private static WarmPool Pool(ControllerParts parts)
    {
        var options = new ScaleSetControllerOptions { ScaleSetName = "web" };
        options.WarmPool.Enabled = true;
        options.WarmPool.MinSize = 1;
        return new WarmPool(options, parts.Table, parts.Gate, new ZoneAvailability(["1"], TimeSpan.FromMinutes(5)));
    }
}
