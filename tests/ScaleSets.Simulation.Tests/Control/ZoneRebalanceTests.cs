using ScaleSets.Abstractions;
using ScaleSets.Control;

namespace ScaleSets.Simulation.Tests.Control;

[TestFixture]
public sealed class ZoneRebalanceTests
{
    [Test]
    public async Task Reconcile_OutageOverWhileAnInstanceIsUnhealthy_RebalancesWithoutWaitingForItsRepair()
    {
        using var h = await SkewedByOutageAsync(desired: 9);
        var crashed = h.Instances.First(i => i.Zone == "1").Id;
        h.Cloud.Crash(crashed);

        // Repair waits 30 minutes; the rebalance must not.
        await h.RunForAsync(TimeSpan.FromMinutes(10));

        Assert.That(h.ZoneCounts().Values, Is.All.EqualTo(3));
        Assert.That(h.Events.Count(e => e.Kind == ControllerEventKind.InstanceRepaired), Is.Zero, "within the repair grace period");
    }

    [Test]
    public async Task Reconcile_OutageOver_NeverReportsConvergedWhileZonesAreSkewed()
    {
        // Replacements boot faster than the old instances drain, so each rebalance round ends with a removal.
        using var h = await SkewedByOutageAsync(desired: 20, boot: TimeSpan.FromSeconds(10));
        h.Time.Advance(h.Options.ZoneRetryInterval);

        var converged = 0;
        var end = h.Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        while (h.Time.GetUtcNow() < end)
        {
            var result = await h.PassAsync();
            if (result.Converged)
            {
                converged++;
                var counts = h.ZoneCounts();
                Assert.That(counts.Values.Max() - counts.Values.Min(), Is.LessThanOrEqualTo(1), $"converged at {h.Time.GetUtcNow():O} with zones {string.Join(",", counts.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value))}");
            }

            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.That(converged, Is.GreaterThan(0));
        Assert.That(h.Instances, Has.Count.EqualTo(20));
    }

    [Test]
    public async Task Reconcile_RebalanceCreateFails_NotConvergedUntilZonesBalance()
    {
        using var h = await SkewedByOutageAsync(desired: 9);
        h.Time.Advance(h.Options.ZoneRetryInterval);
        h.Cloud.Options.PermanentFailureRate = 1;
        h.Cloud.Options.FailedCreateLeavesInstanceRate = 0;

        var result = await h.PassAsync();

        Assert.That(result.Failures, Is.GreaterThan(0));
        Assert.That(result.Converged, Is.False, "zones are still skewed and the controller will try again");
        Assert.That(h.Events.Last(e => e.Kind == ControllerEventKind.InstanceCreateFailed).CauseId, Is.EqualTo("zone-rebalance"));
    }

    [Test]
    public async Task Reconcile_ZoneBlockedAfterFailedRebalance_ReportsConvergedWithTheSkewItCannotFix()
    {
        using var h = new ControllerHarness(o => o.ZoneRetryInterval = TimeSpan.FromMinutes(10));
        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(6, null);

        var result = await h.SettleAsync();

        Assert.That(result.Converged, Is.True);
        Assert.That(h.ZoneCounts().GetValueOrDefault("2"), Is.Zero);
    }

    [Test]
    public async Task Reconcile_RebalanceAtMaxInstances_RemovesFirstAndNeverHasMoreInServiceThanTheLimit()
    {
        // A zone retry interval longer than the outage, so no probe removes an instance while zone 2 is down.
        using var h = await SkewedByOutageAsync(desired: 6, maxInstances: 6, zoneRetry: TimeSpan.FromMinutes(10));
        h.Time.Advance(h.Options.ZoneRetryInterval);

        var most = 0;
        var end = h.Time.GetUtcNow() + TimeSpan.FromMinutes(20);
        while (h.Time.GetUtcNow() < end)
        {
            await h.PassAsync();
            most = Math.Max(most, InService(h));
            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.That(most, Is.LessThanOrEqualTo(6));
        Assert.That(h.ZoneCounts().Values, Is.All.EqualTo(2));
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(6));
    }

    private static int InService(ControllerHarness h) => h.Controller.GetInstances().Count(s => s.Removal == InstanceRemovalReason.None);

    /// <summary>A settled best-effort set of <paramref name="desired"/> instances built during an outage of zone 2, which is now over.</summary>
    private static async Task<ControllerHarness> SkewedByOutageAsync(int desired, TimeSpan? boot = null, int maxInstances = 1000, TimeSpan? zoneRetry = null)
    {
        var h = new ControllerHarness(
            o =>
            {
                o.ZoneRetryInterval = zoneRetry ?? TimeSpan.FromMinutes(1);
                o.DrainTimeout = TimeSpan.FromSeconds(30);
                o.MaxInstances = maxInstances;
            },
            c => c.BootTime = boot ?? c.BootTime);
        h.Cloud.SetZoneOutage("2", true);
        h.Controller.SetDesiredCapacity(desired, null);
        await h.RunForAsync(TimeSpan.FromMinutes(5));
        Assert.That(h.Instances, Has.Count.EqualTo(desired));
        Assert.That(h.ZoneCounts().GetValueOrDefault("2"), Is.Zero);
        Assert.That(h.Members.Count(m => m.State == LoadBalancerMemberState.Ready), Is.EqualTo(desired));
        h.Cloud.SetZoneOutage("2", false);
        return h;
    }
}
