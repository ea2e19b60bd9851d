using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

/// <summary>A repair's outcome that vanishes before it is judged: the instance created in its place is judged instead.</summary>
[TestFixture]
public sealed class LostRepairOutcomeTests
{
    [Test]
    public async Task Reconcile_ReplacementLostBeforeItIsJudged_ItsReplacementIsJudgedAsTheRepair()
    {
        using var h = new ControllerHarness(o => o.AutomaticRepairs.GracePeriod = TimeSpan.FromMinutes(10));
        h.Controller.SetDesiredCapacity(3, null);
        await h.SettleAsync();
        var crashed = await h.CrashFirstAsync();
        while (!h.Events.Any(e => e.Kind == ControllerEventKind.InstanceRepaired && e.InstanceId == crashed))
        {
            h.Time.Advance(TimeSpan.FromSeconds(15));
            await h.PassAsync();
        }

        var repairedAt = h.Events.Last(e => e.Kind == ControllerEventKind.InstanceRepaired).Time;
        var replacement = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceCreated && e.Time >= repairedAt).InstanceId!;
        Assert.That(h.Cloud.Lose(replacement), Is.True);

        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.SettleAsync();

        var lostAt = h.Events.Single(e => e.Kind == ControllerEventKind.InstanceLost).Time;
        var second = h.Events.First(e => e.Kind == ControllerEventKind.InstanceCreated && e.Time >= lostAt).InstanceId;
        Assert.That(
            h.Events.Where(e => e.Kind == ControllerEventKind.RepairSucceeded).Select(e => e.InstanceId),
            Is.EqualTo(new[] { second }),
            "the instance that replaced the lost outcome of the repair is the repair's outcome");
    }
}
