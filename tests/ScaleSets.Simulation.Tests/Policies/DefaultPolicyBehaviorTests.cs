using System.Reactive.Concurrency;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Policy;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Tests.Policies;

/// <summary>
/// The <c>default</c> policy's behavior (the SLO objective of ScaleSets.Core), pinned through the real engine on a
/// virtual clock: the set's request rate is fed once a minute as the simulator does, and each evaluation's capacity and
/// explanation are read back. Rates sit half an instance below a whole number of instances at 100% utilization, so the
/// capacity without headroom is exact.
/// </summary>
[TestFixture]
public sealed class DefaultPolicyBehaviorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly ServiceModel Service = new(instanceCapacity: 100, targetUtilization: 0.5);
    private static readonly PolicyContext Context = new(Service, PeakDemand: 100, MaximumCapacity: 1000, ProvisioningTime: TimeSpan.FromSeconds(390)) { SloTarget = 0.99 };

    /// <summary>Runs the default policy over per-minute loads, given in instances' worth at 100%, and returns each evaluation's decision.</summary>
    private static ScaleDecision[] Run(int initialCapacity, IEnumerable<double> instancesWorth)
    {
        var scheduler = new HistoricalScheduler(Start);
        using var engine = new AutoscaleEngine(scheduler, new AutoscaleEngineOptions { EvaluationInterval = Minute });
        var setting = BuiltInPolicies.Create(BuiltInPolicies.Default, Context).Setting;
        using var set = engine.AddScaleSet("web", setting, initialCapacity);
        var decisions = new List<ScaleDecision>();
        foreach (var instances in instancesWorth)
        {
            set.Ingest(new MetricSample(SimulationMetricNames.RequestsPerSecond, MetricSourceKind.Application, instances * Service.InstanceCapacity, scheduler.Now));
            scheduler.AdvanceBy(Minute);
            decisions.Add(set.Evaluate());
        }

        return [.. decisions];
    }

    [Test]
    public void Create_Default_TakesTheSloTargetAndTheProvisioningTimeAndAimsAtFullUtilization()
    {
        var rule = BuiltInPolicies.Create(BuiltInPolicies.Default, Context with { SloTarget = 0.999 }).Setting.Profiles[0].Rules[0];

        Assert.Multiple(() =>
        {
            Assert.That(rule.TargetTracking!.TargetValue, Is.EqualTo(Service.InstanceCapacity), "what one instance carries within the SLO, not a utilization below it");
            Assert.That(rule.TargetTracking.Slo!.Attainment, Is.EqualTo(0.999));
            Assert.That(rule.TargetTracking.Slo.ProvisioningTime, Is.EqualTo(Context.ProvisioningTime));
            Assert.That(rule.MetricTrigger.MetricName, Is.EqualTo(SimulationMetricNames.RequestsPerSecond));
            Assert.That(rule.MetricTrigger.DividePerInstance, Is.True);
        });
    }

    [Test]
    public void Run_FlatLoad_KeepsSupplyAtTheLoadWithoutHeadroom()
    {
        var decisions = Run(initialCapacity: 13, Enumerable.Repeat(12.5, 180));

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Select(d => d.To), Is.All.EqualTo(13));
            Assert.That(decisions[^1].Rules[0].Headroom!.Value.Factor, Is.EqualTo(1), "a load that never rises needs no instance above it");
        });
    }

    [Test]
    public void Run_SurgesWithinAProvisioningTime_HoldsTheSurgesCapacityAndExplainsIt()
    {
        // Every 20 minutes the load surges from 19.5 to 29.5 instances' worth for 5 minutes: within a provisioning time
        // of a quiet minute it rises by 29.5 / 19.5 a quarter of the time, far more than the 1% the target allows. A hold
        // of one provisioning time needs that rise as headroom at every quiet minute (30 instances); a hold longer than
        // the quiet 15 minutes keeps the surge's 30 asked for until the next surge, with no headroom: no dearer, and the
        // rule learns it.
        static double Load(int minute) => minute % 20 >= 15 ? 29.5 : 19.5;

        var decisions = Run(initialCapacity: 20, Enumerable.Range(0, 1440).Select(Load));

        var last = decisions[^1];
        var headroom = last.Rules[0].Headroom!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(headroom.Hold, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(15)), "held through the quiet minutes");
            Assert.That(headroom.Factor, Is.EqualTo(1), "over the surge held, the load does not rise");
            Assert.That(headroom.Source, Is.Not.EqualTo(SloHeadroomSource.Learning));
            Assert.That(headroom.Target, Is.EqualTo(0.99));
            Assert.That(decisions[^30..].Select(d => d.To), Is.All.GreaterThanOrEqualTo(30), "the surge's capacity is there before it comes");
            Assert.That(decisions[720..].Count(d => d.Rules[0].Headroom!.Value.ReadyEstimate < 30), Is.Zero, "after the first hours every surge finds its instances ready");
        });
    }

    [Test]
    public void Run_LoadFalls_ScaleInWaitsOneProvisioningTime()
    {
        var load = Enumerable.Repeat(39.5, 120).Concat(Enumerable.Repeat(9.5, 20)).ToArray();

        var decisions = Run(initialCapacity: 40, load);

        Assert.Multiple(() =>
        {
            Assert.That(decisions[120..126].Select(d => d.To), Is.All.EqualTo(40), "an instance removed now would be missing for 6.5 minutes if the load came back");
            Assert.That(decisions[126..].Select(d => d.To), Is.All.EqualTo(10));
        });
    }
}
