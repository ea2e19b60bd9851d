using System.Reactive.Concurrency;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Tests.Policies;

/// <summary>
/// The <c>default</c> policy's behavior, pinned through the real engine on a virtual clock: the set's request rate is
/// fed once a minute as the simulator does, and each evaluation's capacity is read back. Rates sit half an instance
/// below a whole number of instances, so the wanted capacity is exact.
/// </summary>
[TestFixture]
public sealed class DefaultPolicyBehaviorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly ServiceModel Service = new(instanceCapacity: 100, targetUtilization: 0.5);
    private static readonly PolicyContext Context = new(Service, PeakDemand: 100, MaximumCapacity: 1000, ProvisioningTime: TimeSpan.FromSeconds(390));

    /// <summary>Runs the default policy over per-minute loads, given in instances' worth, and returns the capacity after each evaluation.</summary>
    private static int[] Run(int initialCapacity, IEnumerable<int> instancesWorth)
    {
        var scheduler = new HistoricalScheduler(Start);
        using var engine = new AutoscaleEngine(scheduler, new AutoscaleEngineOptions { EvaluationInterval = Minute });
        var setting = BuiltInPolicies.Create(BuiltInPolicies.Default, Context).Setting;
        using var set = engine.AddScaleSet("web", setting, initialCapacity);
        var capacities = new List<int>();
        foreach (var instances in instancesWorth)
        {
            var rate = (instances - 0.5) * Service.RequestsPerInstanceAtTarget;
            set.Ingest(new MetricSample(SimulationMetricNames.RequestsPerSecond, MetricSourceKind.Application, rate, scheduler.Now));
            scheduler.AdvanceBy(Minute);
            capacities.Add(set.Evaluate().To);
        }

        return [.. capacities];
    }

    /// <summary>A load published every five minutes: a new level, between 10 and 50 instances' worth, every fifth minute.</summary>
    private static IEnumerable<int> FiveMinuteSteps(int seed, int hours)
    {
        var random = new Random(seed);
        for (var block = 0; block < hours * 12; block++)
        {
            var level = random.Next(10, 50);
            for (var minute = 0; minute < 5; minute++)
            {
                yield return level;
            }
        }
    }

    [Test]
    public void Run_FlatLoad_KeepsSupplyAtDemandWithoutHeadroom()
    {
        var capacities = Run(initialCapacity: 13, Enumerable.Repeat(13, 180));

        Assert.That(capacities, Is.All.EqualTo(13));
    }

    [Test]
    public void Run_RisingRamp_FollowsTheRateAtEachEvaluationWithoutHeadroom()
    {
        var ramp = Enumerable.Range(10, 40).ToArray();

        var capacities = Run(initialCapacity: 10, ramp);

        Assert.That(capacities, Is.EqualTo(ramp), "scale-out is immediate, unlimited and aimed at the rate itself");
    }

    [Test]
    public void Run_FallingRampAfterAStepSignal_ScalesInWithoutDelay()
    {
        var load = FiveMinuteSteps(seed: 5, hours: 12).Concat(Enumerable.Repeat(60, 10)).ToList();
        var fall = Enumerable.Range(1, 20).Select(i => 60 - (2 * i)).ToArray();

        var capacities = Run(initialCapacity: 30, load.Concat(fall));

        Assert.That(capacities.Skip(load.Count).ToArray(), Is.EqualTo(fall), "on a signal with no brief dips the window adapts to none");
    }

    [Test]
    public void Run_BriefDipsInANoisySignal_AreNotFollowed()
    {
        static int Dipping(int minute) => minute % 4 == 3 ? 36 : 40;

        var capacities = Run(initialCapacity: 40, Enumerable.Range(0, 720).Select(Dipping));

        Assert.That(capacities.Skip(660).ToArray(), Is.All.EqualTo(40), "an instance removed in a one-minute dip would be missing for the whole provisioning time");
    }
}
