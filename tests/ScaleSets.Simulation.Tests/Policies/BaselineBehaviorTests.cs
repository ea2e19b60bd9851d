using System.Globalization;
using System.Reactive.Concurrency;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Tests.Policies;

/// <summary>
/// The documented behavior of the baselines, each in a small scenario through the real engine on a virtual clock: every
/// instance reports its one-minute CPU as the simulator's agents do, and each evaluation's capacity is read back. The
/// target utilization is 70%, so the CPU policies aim at 70% CPU.
/// </summary>
[TestFixture]
public sealed class BaselineBehaviorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly ServiceModel Service = new(instanceCapacity: 100, targetUtilization: 0.7);
    private static readonly PolicyContext Context = new(Service, PeakDemand: 100, MaximumCapacity: 1000, ProvisioningTime: TimeSpan.FromSeconds(390));

    /// <summary>AWS: the high alarm needs 3 one-minute datapoints above the target; the third scales out in proportion.</summary>
    [Test]
    public void AwsTargetTracking_ThreeDatapointsAboveTarget_ScaleOutOnTheThirdInProportion()
    {
        using var run = new Harness(BuiltInPolicies.AwsTargetTracking, initialCapacity: 10);
        run.Report(Enumerable.Range(0, 10), 66, minutes: 20);

        var capacities = run.Report(Enumerable.Range(0, 10), 84, minutes: 3);

        // ceil(10 × 84 / 70) = 12, once all three datapoints are above 70.
        Assert.That(capacities, Is.EqualTo(new[] { 10, 10, 12 }));
    }

    /// <summary>AWS: two datapoints above the target between normal ones never scale out.</summary>
    [Test]
    public void AwsTargetTracking_BriefSpikesOfTwoDatapoints_DoNotScaleOut()
    {
        using var run = new Harness(BuiltInPolicies.AwsTargetTracking, initialCapacity: 10);
        var capacities = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            capacities.AddRange(run.Report(Enumerable.Range(0, 10), 65, minutes: 1));
            capacities.AddRange(run.Report(Enumerable.Range(0, 10), 95, minutes: 2));
        }

        Assert.That(capacities, Is.All.EqualTo(10));
    }

    /// <summary>AWS: the low alarm needs 15 one-minute datapoints below 90% of the target (63%); the fifteenth scales in.</summary>
    [Test]
    public void AwsTargetTracking_FifteenDatapointsBelowNinetyPercentOfTarget_ScaleInOnTheFifteenth()
    {
        using var run = new Harness(BuiltInPolicies.AwsTargetTracking, initialCapacity: 20);
        run.Report(Enumerable.Range(0, 20), 68, minutes: 20);

        var capacities = run.Report(Enumerable.Range(0, 20), 35, minutes: 15);

        // ceil(20 × 35 / 70) = 10, once fifteen datapoints are below 63.
        Assert.That(capacities.Take(14), Is.All.EqualTo(20));
        Assert.That(capacities[14], Is.EqualTo(10));
    }

    /// <summary>AWS: at 90% to 100% of the target the low alarm stays quiet: no scale-in, however long.</summary>
    [Test]
    public void AwsTargetTracking_JustUnderTheTarget_NeverScalesIn()
    {
        using var run = new Harness(BuiltInPolicies.AwsTargetTracking, initialCapacity: 20);

        var capacities = run.Report(Enumerable.Range(0, 20), 64, minutes: 120);

        Assert.That(capacities, Is.All.EqualTo(20));
    }

    /// <summary>
    /// AWS warm-up: capacity still warming counts toward the current capacity and its metrics are not counted, so the
    /// alarm that keeps firing while the new instances warm does not repeat the scale-out.
    /// </summary>
    [Test]
    public void AwsTargetTracking_AlarmStillFiringWhileInstancesWarm_DoesNotRepeatTheScaleOut()
    {
        using var run = new Harness(BuiltInPolicies.AwsTargetTracking, initialCapacity: 10);
        run.Report(Enumerable.Range(0, 10), 66, minutes: 20);
        Assert.That(run.Report(Enumerable.Range(0, 10), 84, minutes: 3)[^1], Is.EqualTo(12));

        // The two new instances serve and report but warm up for 300 s; the old ten stay at 84%.
        run.SetWarmingUp([10, 11], TimeSpan.FromSeconds(300));
        var warming = run.Report(Enumerable.Range(0, 12), 84, minutes: 4);

        Assert.That(warming, Is.All.EqualTo(12), "the warming capacity already answers what the reporting instances ask");
    }

    /// <summary>
    /// React: after a scale-in, the instances removed no longer count behind the CPU average, so the next scale-out is
    /// made once and not repeated every minute while the new instances boot (before, the instances removed within the
    /// rule's window were counted as reporting, and react swung between a few and several times the demand).
    /// </summary>
    [Test]
    public void React_ScaleOutAfterAScaleIn_IsNotRepeatedWhileTheNewInstancesBoot()
    {
        using var run = new Harness(BuiltInPolicies.React, initialCapacity: 20);
        run.Report(Enumerable.Range(0, 20), 70, minutes: 10);
        Assert.That(run.Report(Enumerable.Range(0, 20), 35, minutes: 1), Is.EqualTo(new[] { 10 }));

        // Ten instances are left; the load returns and instances 10 to 13, once created, boot without reporting.
        var capacities = run.Report(Enumerable.Range(0, 10), 95, minutes: 5);

        // ceil(10 × 95 / 70) = 14 at once, then held while the four boot.
        Assert.That(capacities, Is.All.EqualTo(14));
    }

    /// <summary>React: no tolerance, no window, no cooldown: it follows a step down and up again at the next evaluation.</summary>
    [Test]
    public void React_FollowsEachStepAtTheNextEvaluation()
    {
        using var run = new Harness(BuiltInPolicies.React, initialCapacity: 10);

        var down = run.Report(Enumerable.Range(0, 10), 35, minutes: 1);
        var up = run.Report(Enumerable.Range(0, 5), 98, minutes: 1);

        Assert.That(down.Concat(up), Is.EqualTo(new[] { 5, 7 }));
    }

    /// <summary>A built-in baseline on the engine, fed per-instance CPU samples.</summary>
    private sealed class Harness : IDisposable
    {
        private readonly HistoricalScheduler _scheduler = new(Start);
        private readonly AutoscaleEngine _engine;
        private readonly ScaleSetAutoscaler _set;

        public Harness(string policy, int initialCapacity)
        {
            _engine = new AutoscaleEngine(_scheduler, new AutoscaleEngineOptions { EvaluationInterval = Minute });
            _set = _engine.AddScaleSet("web", BuiltInPolicies.Create(policy, Context).Setting, initialCapacity);
        }

        /// <summary>Each of <paramref name="instances"/> reports <paramref name="cpu"/> once a minute; returns the capacity after each evaluation.</summary>
        public int[] Report(IEnumerable<int> instances, double cpu, int minutes)
        {
            var ids = instances.Select(i => "vm-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var capacities = new int[minutes];
            for (var m = 0; m < minutes; m++)
            {
                foreach (var id in ids)
                {
                    _set.Ingest(new MetricSample(SimulationMetricNames.Cpu, MetricSourceKind.Host, cpu, _scheduler.Now, id));
                }

                _scheduler.AdvanceBy(Minute);
                capacities[m] = _set.Evaluate().To;
            }

            return capacities;
        }

        public void SetWarmingUp(IEnumerable<int> instances, TimeSpan warmup)
        {
            foreach (var i in instances)
            {
                _set.SetWarmingUp("vm-" + i.ToString(CultureInfo.InvariantCulture), _scheduler.Now + warmup);
            }
        }

        public void Dispose()
        {
            _set.Dispose();
            _engine.Dispose();
        }
    }
}
