using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class RemovalRestartTests
{
    [Test]
    public async Task Reconcile_RestartMidDrain_DrainTimeoutRunsFromTheOriginalStart()
    {
        // Connections never finish on their own, so only the 4-minute drain timeout ends the drain.
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.FromMinutes(4), c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(4, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(3, "scale-in");
        await h.PassAsync();
        var drainStarted = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceDraining);
        await h.RunForAsync(TimeSpan.FromMinutes(3));

        h.Restart();
        h.Controller.SetDesiredCapacity(3, "scale-in");
        var deletedAt = await PassUntilFirstDeleteAsync(h);

        Assert.That(deletedAt, Is.Not.Null);
        Assert.That(h.Events.Single(e => e.Kind == ControllerEventKind.InstanceDeleted).InstanceId, Is.EqualTo(drainStarted.InstanceId));
        Assert.That(deletedAt!.Value - drainStarted.Time, Is.LessThan(TimeSpan.FromMinutes(4.5)), "the timeout counts from the drain's start, not the restart");
        Assert.That(deletedAt.Value - drainStarted.Time, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(4)));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceDraining), Is.EqualTo(1), "the drain is not started again");
    }

    [Test]
    public async Task Reconcile_RestartWithTerminateNotificationPending_NeitherRenotifiesNorDeletesEarly()
    {
        var hook = new RecordingHook(approve: false);
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, hook: hook);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(1, "scale-in");
        await h.RunForAsync(TimeSpan.FromMinutes(2));
        Assert.That(hook.Terminating, Has.Count.EqualTo(1));
        var (victim, notBefore) = hook.Terminating[0];

        h.Restart();
        h.Controller.SetDesiredCapacity(1, "scale-in");
        var deletedAt = await PassUntilFirstDeleteAsync(h);

        Assert.That(hook.Terminating, Has.Count.EqualTo(1), "the restarted controller does not notify again");
        Assert.That(deletedAt, Is.Not.Null);
        Assert.That(deletedAt!.Value, Is.GreaterThanOrEqualTo(notBefore), "not deleted before the notified not-before time");
        Assert.That(deletedAt.Value - notBefore, Is.LessThan(TimeSpan.FromMinutes(1)), "deleted at the notified time, not a fresh timeout after the restart");
        Assert.That(h.Events.Single(e => e.Kind == ControllerEventKind.InstanceDeleted).InstanceId, Is.EqualTo(victim));
    }

    [Test]
    public async Task Reconcile_RestartAfterHookApprovedButBeforeDelete_DeletesWithoutAskingAgain()
    {
        var hook = new RecordingHook(approve: true);
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, hook: hook);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Cloud.Options.PermanentFailureRate = 1;
        h.Controller.SetDesiredCapacity(1, "scale-in");
        await h.RunForAsync(TimeSpan.FromMinutes(1));
        Assert.That(hook.Terminating, Has.Count.EqualTo(1));
        Assert.That(h.Instances, Has.Count.EqualTo(2), "the delete keeps failing");

        h.Restart();
        h.Cloud.Options.PermanentFailureRate = 0;
        h.Controller.SetDesiredCapacity(1, "scale-in");
        await h.SettleAsync();

        Assert.That(h.Instances, Has.Count.EqualTo(1));
        Assert.That(hook.Terminating, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reconcile_RestartRollsBackARemoval_ANewRemovalLaterNotifiesAfresh()
    {
        var hook = new RecordingHook(approve: false);
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero, hook: hook);
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(1, "scale-in");
        await h.RunForAsync(TimeSpan.FromMinutes(1));
        Assert.That(hook.Terminating, Has.Count.EqualTo(1));

        // The restarted controller wants both instances: the notified one goes back into service.
        h.Restart();
        h.Controller.SetDesiredCapacity(2, "scale-out");
        await h.SettleAsync();
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(2));

        // Much later it is scaled in again: a new notification with a new not-before, no deletion on the stale one.
        await h.RunForAsync(TimeSpan.FromMinutes(30));
        h.Controller.SetDesiredCapacity(1, "scale-in-again");
        await h.RunForAsync(TimeSpan.FromMinutes(1));

        Assert.That(hook.Terminating, Has.Count.EqualTo(2));
        Assert.That(hook.Terminating[1].NotBefore, Is.GreaterThan(hook.Terminating[0].NotBefore + TimeSpan.FromMinutes(30)));
        Assert.That(h.Instances, Has.Count.EqualTo(2), "the new not-before has not passed");
    }

    [Test]
    public async Task Reconcile_DrainUnderWay_StateStoreHoldsItsStart()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.FromMinutes(4), c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(2, null);
        await h.SettleAsync();
        h.Controller.SetDesiredCapacity(1, "scale-in");
        await h.PassAsync();
        var drain = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceDraining);

        var saved = await h.Cloud.StateStore.LoadAsync("web", CancellationToken.None);

        Assert.That(saved!.Removals, Has.Count.EqualTo(1));
        Assert.That(saved.Removals[0].InstanceId, Is.EqualTo(drain.InstanceId));
        Assert.That(saved.Removals[0].DrainStartedAt, Is.EqualTo(drain.Time).Within(TimeSpan.FromSeconds(15)));
        Assert.That(saved.Removals[0].TerminateNotBefore, Is.Null);
    }

    [Test]
    public async Task Reconcile_RestartMidUpgradeBatch_ContinuesTheBatchInsteadOfRedoingIt()
    {
        using var h = new ControllerHarness(o => o.RollingUpgrade.Mode = UpgradeMode.Automatic, c => c.ConnectionDrainTime = TimeSpan.FromHours(1));
        h.Controller.SetDesiredCapacity(5, null);
        await h.SettleAsync();
        h.Model = new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" };
        h.Controller.UpdateModel(h.Model, "release-2");

        // The first batch: its old instance is draining (a whole drain timeout) and its replacement is made.
        await h.PassAsync();
        var removing = h.Controller.GetInstances().Single(s => s.Removal == InstanceRemovalReason.Upgrade).Instance.Id;
        Assert.That(h.Cloud.InstancesCreated, Is.EqualTo(6), "five instances and the batch's replacement");
        var saved = await h.StateStore.LoadAsync("web", CancellationToken.None);
        Assert.That(saved!.Removals.Single().Reason, Is.EqualTo(InstanceRemovalReason.Upgrade), "the removal is stored with its reason");

        h.Restart();
        h.Controller.SetDesiredCapacity(5, "restart");
        await h.PassAsync();
        Assert.That(h.Controller.GetInstances().Single(s => s.Removal == InstanceRemovalReason.Upgrade).Instance.Id, Is.EqualTo(removing), "the restarted controller goes on removing the batch's old instance");
        var result = await h.SettleAsync(maxPasses: 500);

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
        Assert.That(h.Instances, Has.Count.EqualTo(5));
        Assert.That(h.Cloud.InstancesCreated, Is.EqualTo(10), "one replacement per instance: the batch in flight was continued, its replacement not scaled in");
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceDraining && e.InstanceId == removing), Is.EqualTo(1), "its drain is not started again");
    }

    /// <summary>Runs passes 15 seconds apart, for up to 15 minutes, until the first instance is deleted; returns when, or null.</summary>
    private static async Task<DateTimeOffset?> PassUntilFirstDeleteAsync(ControllerHarness h)
    {
        for (var i = 0; i < 60; i++)
        {
            await h.PassAsync();
            if (h.Events.FirstOrDefault(e => e.Kind == ControllerEventKind.InstanceDeleted) is { } deleted)
            {
                return deleted.Time;
            }

            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        return null;
    }
}
