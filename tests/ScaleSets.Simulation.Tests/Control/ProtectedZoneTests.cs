using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class ProtectedZoneTests
{
    [Test]
    public async Task Reconcile_ProtectedInstancesKeepAZoneLong_SettlesWithoutChurn()
    {
        using var h = new ControllerHarness();
        h.Controller.SetDesiredCapacity(9, null);
        await h.SettleAsync();
        foreach (var i in h.Instances.Where(i => i.Zone == "1"))
        {
            h.Cloud.SetProtectedFromScaleIn(i.Id, true);
        }

        h.Controller.SetDesiredCapacity(5, "scale-in");
        await h.RunForAsync(TimeSpan.FromMinutes(30));
        var createdBefore = h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated);
        await h.RunForAsync(TimeSpan.FromHours(2));

        Assert.That(h.Instances, Has.Count.EqualTo(5));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceCreated), Is.EqualTo(createdBefore), "no instance created and removed over and over");
        Assert.That(h.ZoneCounts()["1"], Is.EqualTo(3), "the protected instances stay");
        Assert.That((await h.PassAsync()).Converged, Is.True, "the best balance the protected instances allow counts as converged");
    }
}
