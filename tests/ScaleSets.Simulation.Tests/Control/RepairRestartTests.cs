using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class RepairRestartTests
{
    [Test]
    public async Task Reconcile_RestartDuringRepairGracePeriod_RepairsWhenTheOriginalGracePeriodEnds()
    {
        using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10));
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var crashed = await h.CrashFirstAsync();
        var seenUnhealthy = h.Time.GetUtcNow();
        await h.RunForAsync(TimeSpan.FromMinutes(8));

        h.Restart();
        h.Controller.SetDesiredCapacity(3, null);
        await h.RunForAsync(TimeSpan.FromMinutes(4));

        var repair = h.Events.FirstOrDefault(e => e.Kind == ControllerEventKind.InstanceRepaired && e.InstanceId == crashed);
        Assert.That(repair, Is.Not.Null, "repaired within the grace period that began before the restart");
        Assert.That(repair!.Time - seenUnhealthy, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(repair.Time - seenUnhealthy, Is.LessThan(TimeSpan.FromMinutes(11)));
    }

    [Test]
    public async Task Reconcile_InstanceUnhealthy_StateStoreHoldsWhenItTurnedUnhealthy()
    {
        using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10));
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        var crashed = await h.CrashFirstAsync();
        var seenUnhealthy = h.Time.GetUtcNow();

        var saved = await h.Cloud.StateStore.LoadAsync("web", CancellationToken.None);

        Assert.That(saved!.Unhealthy.Select(u => u.InstanceId), Is.EqualTo(new[] { crashed }));
        Assert.That(saved.Unhealthy[0].Since, Is.EqualTo(seenUnhealthy).Within(TimeSpan.FromSeconds(1)));
    }
}
