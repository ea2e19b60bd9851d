using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class StoppedAndReaddressedTests
{
    [Test]
    public async Task Reconcile_InstanceStoppedOutOfBand_StartedAgainAndBackInRotation()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var stopped = h.Instances[1].Id;
        await StopOutOfBandAsync(h, stopped);
        Assert.That(h.Instances.Single(i => i.Id == stopped).State, Is.EqualTo(InstanceState.Stopped));

        await h.PassAsync();
        Assert.That(h.Members.Single(m => m.InstanceId == stopped).State, Is.EqualTo(LoadBalancerMemberState.Draining), "out of rotation while stopped");
        Assert.That(h.Events.Single(e => e.Kind == ControllerEventKind.InstanceStarted).InstanceId, Is.EqualTo(stopped));
        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(i => i.Id), Does.Contain(stopped), "started, not replaced");
        Assert.That(h.Instances, Has.Count.EqualTo(3));
        Assert.That(h.Instances.Single(i => i.Id == stopped).State, Is.EqualTo(InstanceState.Running));
        Assert.That(h.Members.Single(m => m.InstanceId == stopped).State, Is.EqualTo(LoadBalancerMemberState.Ready));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired), Is.Zero);
    }

    [Test]
    public async Task Reconcile_StartStoppedInstancesOff_LeavesItStoppedUntilRepairReplacesIt()
    {
        using var h = new ControllerHarness(o =>
        {
            o.StartStoppedInstances = false;
            o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10);
        });
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var stopped = h.Instances[1].Id;
        await StopOutOfBandAsync(h, stopped);

        await h.RunForAsync(TimeSpan.FromMinutes(5));
        Assert.That(h.Instances.Single(i => i.Id == stopped).State, Is.EqualTo(InstanceState.Stopped), "counts toward capacity, stays stopped");
        Assert.That(h.Instances, Has.Count.EqualTo(3));
        await h.RunForAsync(TimeSpan.FromMinutes(10));

        Assert.That(h.Instances.Select(i => i.Id), Does.Not.Contain(stopped), "replaced by automatic repair");
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceStarted), Is.Zero);
    }

    [Test]
    public async Task Reconcile_StoppedInstanceChosenForScaleIn_DeletedNotStarted()
    {
        using var h = new ControllerHarness(o => o.DrainTimeout = TimeSpan.Zero);
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var stopped = h.Instances[0].Id;
        await StopOutOfBandAsync(h, stopped);
        h.Controller.SetDesiredCapacity(2, "scale-in");

        await h.SettleAsync();

        Assert.That(h.Instances.Select(i => i.Id), Does.Not.Contain(stopped), "scale-in takes the instance out of service first");
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceStarted), Is.Zero);
    }

    [Test]
    public async Task Reconcile_InstanceAddressChanged_ReRegisteredAtTheNewAddressThenReady()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var moved = h.Instances[2];
        Assert.That(h.Cloud.ChangeAddress(moved.Id, "10.9.9.9"), Is.True);
        var before = h.Events.Count;

        await h.PassAsync();

        var member = h.Members.Single(m => m.InstanceId == moved.Id);
        Assert.That(member.Address, Is.EqualTo("10.9.9.9"));
        Assert.That(member.State, Is.EqualTo(LoadBalancerMemberState.Ready));
        var kinds = h.Events.Skip(before).Where(e => e.InstanceId == moved.Id).Select(e => e.Kind).ToList();
        Assert.That(kinds, Is.EqualTo(new[] { ControllerEventKind.InstanceAddressChanged, ControllerEventKind.InstanceRemovedFromPool, ControllerEventKind.InstanceRegistered, ControllerEventKind.InstanceReady }));
        Assert.That(h.Events.Skip(before).First(e => e.Kind == ControllerEventKind.InstanceAddressChanged).Message, Does.Contain(moved.Address!).And.Contain("10.9.9.9"));
        Assert.That(h.Members.Where(m => m.InstanceId != moved.Id).Select(m => m.State), Is.All.EqualTo(LoadBalancerMemberState.Ready));
    }

    [Test]
    public void ChangeAddress_UnknownInstance_ReturnsFalse()
    {
        using var h = new ControllerHarness();

        Assert.That(h.Cloud.ChangeAddress("vm-404", "10.0.0.1"), Is.False);
    }

    private static async Task StopOutOfBandAsync(ControllerHarness h, string instanceId)
    {
        var stop = h.Cloud.Compute.StopInstancesAsync("web", [instanceId], CancellationToken.None);
        Assert.That(await h.Time.RunUntilCompletedAsync(stop, TimeSpan.FromMinutes(1)), Is.True);
        Assert.That((await stop).Items.Single().Succeeded, Is.True);
    }
}
