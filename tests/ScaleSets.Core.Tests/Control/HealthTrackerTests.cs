using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class HealthTrackerTests
{
    [Test]
    public void Update_RepairedInstanceTurnsHealthy_WarmsUpAndTheRepairSucceeds()
    {
        var parts = new ControllerParts();
        var t = parts.Table.Adopt(ControllerParts.Info(1), ControllerParts.Now);
        t.EverHealthy = true;
        t.RepairPending = true;
        var repairs = new RepairPlanner(new AutomaticRepairOptions());
        repairs.Restore(suspended: false, consecutiveFailures: 2);
        var tracker = new HealthTracker(parts.Table, parts.Gate, null, TimeSpan.FromMinutes(5));

        int repaired;
        using (parts.Gate.Enter())
        {
            repaired = tracker.Update(ControllerParts.Now, repairs);
        }

        Assert.Multiple(() =>
        {
            Assert.That((repaired, t.Healthy, t.RepairPending, repairs.ConsecutiveFailures), Is.EqualTo((1, true, false, 0)));
            Assert.That(parts.Warmup.Calls, Is.EqualTo(new[] { "set vm-1" }));
            Assert.That(parts.Events.Select(e => e.Kind), Is.EqualTo(new[] { ControllerEventKind.InstanceHealthy, ControllerEventKind.RepairSucceeded }));
        });
    }

    [Test]
    public void Update_ProviderReportsUnhealthy_UnhealthySinceNow()
    {
        var parts = new ControllerParts();
        var t = parts.Table.Adopt(ControllerParts.Info(1), ControllerParts.Now);
        t.Healthy = true;
        t.Info = t.Info with { Health = InstanceHealth.Unhealthy };
        var tracker = new HealthTracker(parts.Table, parts.Gate, null, TimeSpan.FromMinutes(5));
        var later = ControllerParts.Now + TimeSpan.FromMinutes(1);

        using (parts.Gate.Enter())
        {
            tracker.Update(later, new RepairPlanner(new AutomaticRepairOptions()));
        }

        Assert.That((t.Healthy, t.NotHealthySince, parts.Events.Single().Message), Is.EqualTo((false, (DateTimeOffset?)later, "web_000001 is unhealthy (provider reports Running/Unhealthy)")));
    }
}
