using ScaleSets.Control;

namespace ScaleSets.Tests.Control;

[TestFixture]
public sealed class StrictZoneRollbackTests
{
    [Test]
    public void Plan_WaveSkewedByAnOutage_RollsBackNewestOfTheWaveOnly()
    {
        var old = ControllerParts.Instance(0, "1");
        var wave = new[] { ControllerParts.Instance(1, "1"), ControllerParts.Instance(2, "3"), ControllerParts.Instance(3, "1") };

        var plan = StrictZoneRollback.Plan(["1", "2", "3"], [old, .. wave], [.. wave.Select(t => (t.Info.Name, (string?)"out"))]);

        Assert.That(plan.Steps.Select(s => (s.Instance!.Index, s.Reason, s.Cause)), Is.EqualTo(new[] { (3, InstanceRemovalReason.ZoneRollback, "out"), (1, InstanceRemovalReason.ZoneRollback, "out") }), "never the instance that predates the wave");
    }
}
