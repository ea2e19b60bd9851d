using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class UpgradeDuringScaleInTests
{
    [TestCase(true)]
    [TestCase(false)]
    public async Task Reconcile_ModelChangedWithScaleIn_ScalesInBeforeStartingABatch(bool surge)
    {
        using var h = new ControllerHarness(o =>
        {
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.RollingUpgrade.MaxSurge = surge;
        });
        h.Controller.SetDesiredCapacity(10, null);
        await h.SettleAsync();

        h.Controller.SetDesiredCapacity(2, "scale-in");
        h.Model = new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" };
        h.Controller.UpdateModel(h.Model, "release");
        var result = await h.PassAsync();

        Assert.That(h.Controller.GetInstances().Count(s => s.Removal == InstanceRemovalReason.None), Is.EqualTo(2), "only the desired count stays in service");
        Assert.That(result.Created, Is.Zero, "no upgrade instances made for a set about to shrink");
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.UpgradeBatchStarted), Is.Zero);

        result = await h.SettleAsync();
        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
        Assert.That(h.Instances, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Reconcile_SurgeUpgradeNearMaxInstances_SurgesOnlyWithinTheLimit()
    {
        using var h = new ControllerHarness(o =>
        {
            o.MaxInstances = 8;
            o.DrainTimeout = TimeSpan.FromSeconds(30);
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.RollingUpgrade.MaxSurge = true;
            o.RollingUpgrade.PauseTimeBetweenBatches = TimeSpan.Zero;
        });
        h.Controller.SetDesiredCapacity(7, null);
        await h.SettleAsync();

        h.Model = new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" };
        h.Controller.UpdateModel(h.Model, "release");
        var most = 0;
        for (var i = 0; i < 200 && h.Instances.Any(x => x.ModelVersion != "v2"); i++)
        {
            await h.PassAsync();
            most = Math.Max(most, h.Controller.GetInstances().Count(s => s.Removal == InstanceRemovalReason.None));
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        var result = await h.SettleAsync();
        Assert.That(most, Is.EqualTo(8), "in service: one instance of room is used for surge, no more");
        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(x => x.ModelVersion), Is.All.EqualTo("v2"));
        Assert.That(h.Instances, Has.Count.EqualTo(7));
    }

    [Test]
    public async Task Reconcile_ScaleInDuringASurgeBatch_KeepsOnlyTheDesiredCountInService()
    {
        // Issue 17, item 8 (soak --seed 20 --fault-rate 0.5): a surge batch sized for a large desired count kept every outdated
        // instance it had marked (waiting for its replacement) when the desired count then dropped, so scale-in removed new
        // instances instead and left desired + batch in service.
        using var h = new ControllerHarness(o =>
        {
            o.RollingUpgrade.Mode = UpgradeMode.Automatic;
            o.RollingUpgrade.MaxSurge = true;
        });
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();

        h.Model = new ScaleSetModel { Version = "v2", ImageReference = "golden-v2.vhdx" };
        h.Controller.UpdateModel(h.Model, "release");
        h.Controller.SetDesiredCapacity(30, "scale-out");
        await h.PassAsync();
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.UpgradeBatchStarted), Is.EqualTo(1), "the batch starts while the set grows");

        h.Controller.SetDesiredCapacity(2, "scale-in");
        await h.PassAsync();
        var inService = h.Controller.GetInstances().Where(s => s.Removal == InstanceRemovalReason.None).ToList();

        // The selector keeps the serving (outdated) instances over the new ones still booting; the upgrade replaces them later.
        Assert.That(inService, Has.Count.EqualTo(2), "only the desired count stays in service");
        Assert.That(inService.Count(s => s.Healthy), Is.EqualTo(2), "the instances kept are the ones serving");
        var result = await h.SettleAsync();
        Assert.That(result.Converged, Is.True);
        Assert.That(h.Instances.Select(i => i.ModelVersion), Is.All.EqualTo("v2"));
        Assert.That(h.Instances, Has.Count.EqualTo(2));
    }
}
