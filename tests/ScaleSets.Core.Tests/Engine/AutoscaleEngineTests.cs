using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using ScaleSets.Configuration;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

[TestFixture]
public sealed class AutoscaleEngineTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public void Start_HighCpu_ScalesOutOncePerCooldown()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 90, TimeSpan.Zero, TimeSpan.FromMinutes(12), "vm-0", "vm-1");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(12));

        var actions = harness.Actions.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => a.Time - EngineHarness.T0), Is.EqualTo(new[] { Minute, 6 * Minute, 11 * Minute }));
            Assert.That(actions.Select(a => (a.From, a.To)), Is.EqualTo(new[] { (2, 3), (3, 4), (4, 5) }));
            Assert.That(actions[0].ActingRuleName, Is.EqualTo("cpu-high"));
            Assert.That(actions[0].Rules[0].Observed, Is.EqualTo(90));
            Assert.That(actions[0].Explain(), Does.Contain("scale out 2 -> 3").And.Contain("cpu-high"));
            Assert.That(harness.Decisions.Any(d => d.Blocked == ScaleBlockReason.Cooldown), Is.True, "blocked attempts are decisions too");
            Assert.That(harness.Engine.ScaleSets[0].Capacity, Is.EqualTo(5));
        });
    }

    [Test]
    public void Start_EvaluatesOnIntervalBoundaries()
    {
        using var harness = new EngineHarness(new AutoscaleEngineOptions { EvaluationInterval = TimeSpan.FromSeconds(30) });
        harness.Scheduler.AdvanceTo(EngineHarness.T0 + TimeSpan.FromSeconds(7));
        harness.Engine.AddScaleSet("web", CpuSetting(), 1);
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(2));

        Assert.That(
            harness.Evaluations.Select(e => e.Time - EngineHarness.T0),
            Is.EqualTo(new[] { 30, 60, 90, 120 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    [Test]
    public void Evaluations_IncludeQuietTicks_DecisionsDoNot()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 3, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 50, TimeSpan.Zero, TimeSpan.FromMinutes(5), "vm-0");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Evaluations, Has.Count.EqualTo(6));
            Assert.That(harness.Decisions, Is.Empty);
            Assert.That(harness.Evaluations[^1].Explain(), Does.StartWith("no change at 3"));
        });
    }

    [Test]
    public void AddScaleSet_SeveralSets_EvaluateIndependently()
    {
        using var harness = new EngineHarness();
        using var hot = new Subject<MetricSample>();
        using var cold = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("hot", CpuSetting(1, 10, 1), 2, [hot]);
        harness.Engine.AddScaleSet("cold", CpuSetting(1, 10, 1), 4, [cold]);
        harness.Feed(hot, "Percentage CPU", _ => 95, TimeSpan.Zero, TimeSpan.FromMinutes(3), "a");
        harness.Feed(cold, "Percentage CPU", _ => 5, TimeSpan.Zero, TimeSpan.FromMinutes(3), "b");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Actions.Where(a => a.ScaleSet == "hot").Select(a => a.To), Is.EqualTo(new[] { 3 }));
            Assert.That(harness.Actions.Where(a => a.ScaleSet == "cold").Select(a => a.To), Is.EqualTo(new[] { 3 }));
            Assert.That(harness.Engine.ScaleSets.Select(s => s.Name), Is.EqualTo(new[] { "hot", "cold" }));
        });
    }

    [Test]
    public void AddScaleSet_DuplicateName_Throws()
    {
        using var harness = new EngineHarness();
        harness.Engine.AddScaleSet("web", CpuSetting(), 1);

        Assert.That(() => harness.Engine.AddScaleSet("web", CpuSetting(), 1), Throws.ArgumentException.With.Message.Contains("'web'"));
    }

    [Test]
    public void AddScaleSet_ASourceSubscribeThrows_NothingIsAddedAndTheNameStaysFree()
    {
        using var harness = new EngineHarness();
        using var good = new Subject<MetricSample>();
        var broken = new ThrowingSource(new IOException("agent endpoint refused"));

        var error = Assert.Throws<InvalidOperationException>(() => harness.Engine.AddScaleSet("web", CpuSetting(), 1, [good, broken]));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'web'").And.Contain("source 1").And.Contain("agent endpoint refused"));
            Assert.That(error.InnerException, Is.InstanceOf<IOException>());
            Assert.That(harness.Engine.TryGetScaleSet("web", out _), Is.False);
            Assert.That(harness.Engine.ScaleSets, Is.Empty);
            Assert.That(good.HasObservers, Is.False, "the source subscribed before the failure was let go");
        });
        var again = harness.Engine.AddScaleSet("web", CpuSetting(), 1, [good]);
        Assert.Multiple(() =>
        {
            Assert.That(harness.Engine.TryGetScaleSet("web", out var found) && ReferenceEquals(found, again), Is.True);
            Assert.That(good.HasObservers, Is.True);
        });
    }

    [Test]
    public void AddScaleSet_DuplicateName_NeverSubscribesTheSources()
    {
        using var harness = new EngineHarness();
        harness.Engine.AddScaleSet("web", CpuSetting(), 1);
        var subscribed = 0;
        var source = Observable.Create<MetricSample>(_ =>
        {
            subscribed++;
            return Disposable.Empty;
        });

        Assert.That(() => harness.Engine.AddScaleSet("web", CpuSetting(), 1, [source]), Throws.ArgumentException);
        Assert.That(subscribed, Is.Zero);
    }

    [Test]
    public void Source_PushesAfterItsEnd_IsIgnoredAndEndsOnce()
    {
        // What a source whose threads race looks like at the door: OnError on one thread, OnNext and OnError on others.
        using var harness = new EngineHarness();
        var source = new CapturingSource();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(), 1, [source]);
        var now = harness.Scheduler.Now;

        source.Observer!.OnError(new IOException("connection reset"));
        source.Observer.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 50, now, "vm-0"));
        source.Observer.OnError(new IOException("connection reset"));
        source.Observer.OnCompleted();

        Assert.Multiple(() =>
        {
            Assert.That(set.Statistics.Accepted, Is.Zero, "the sample after the end was not ingested");
            Assert.That(set.Statistics.SourcesFaulted, Is.EqualTo(1));
            Assert.That(set.Statistics.SourcesCompleted, Is.Zero);
            Assert.That(harness.Events.Select(e => e.Kind), Is.EqualTo(new[] { AutoscaleEngineEventKind.SourceFaulted }));
        });
    }

    [Test]
    public void AddScaleSet_InvalidSetting_ThrowsWithEveryProblem()
    {
        using var harness = new EngineHarness();
        var setting = CpuSetting(minimum: 5, maximum: 2, @default: 1);
        setting.Profiles[0].Rules[0].MetricTrigger.TimeWindow = TimeSpan.FromMinutes(1);

        var error = Assert.Throws<AutoscaleSettingException>(() => harness.Engine.AddScaleSet("web", setting, 1));

        Assert.That(error!.Problems.Count(p => p.Severity == SettingProblemSeverity.Error), Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Source_BadSamples_AreRejectedReportedAndTheEngineKeepsScaling()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromSeconds(10));

        cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, double.NaN, harness.Scheduler.Now, "vm-0"));
        cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 180, harness.Scheduler.Now, "vm-0"));
        cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, harness.Scheduler.Now - TimeSpan.FromHours(1), "vm-0"));
        cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, harness.Scheduler.Now, "vm-0"));
        harness.RunUntil(TimeSpan.FromMinutes(1));

        var rejections = harness.Events.Where(e => e.Kind == AutoscaleEngineEventKind.SampleRejected).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rejections, Has.Count.EqualTo(3));
            Assert.That(rejections[0].Message, Does.Contain("'Percentage CPU'").And.Contain("vm-0").And.Contain("not a finite number"));
            Assert.That(rejections[1].Message, Does.Contain("value 180 is outside the valid range [0, 100]"));
            Assert.That(rejections[2].Message, Does.Contain("lateness"));
            Assert.That(set.Statistics.Rejected, Is.EqualTo(3));
            Assert.That(set.Statistics.Accepted, Is.EqualTo(1));
            Assert.That(harness.Actions.Single().To, Is.EqualTo(3), "the one valid sample still drives the scale-out");
        });
    }

    [Test]
    public void IngestBatch_BadSamplesAmongGood_EachBadOneReportedTheRestIngested()
    {
        using var harness = new EngineHarness();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2);
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromSeconds(10));
        var now = harness.Scheduler.Now;

        set.Ingest(
        [
            new MetricSample("Percentage CPU", MetricSourceKind.Host, double.NaN, now, "vm-0"),
            new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, now, "vm-1"),
            new MetricSample("Percentage CPU", MetricSourceKind.Host, 180, now, "vm-2"),
            new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, now, "vm-3"),
        ]);
        harness.RunUntil(TimeSpan.FromMinutes(1));

        var rejections = harness.Events.Where(e => e.Kind == AutoscaleEngineEventKind.SampleRejected).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rejections, Has.Count.EqualTo(2));
            Assert.That(rejections[0].Message, Does.Contain("vm-0").And.Contain("not a finite number"));
            Assert.That(rejections[1].Message, Does.Contain("vm-2").And.Contain("outside the valid range"));
            Assert.That(set.Statistics.Rejected, Is.EqualTo(2));
            Assert.That(set.Statistics.Accepted, Is.EqualTo(2));
            Assert.That(harness.Actions.Single().To, Is.EqualTo(3));
        });
    }

    [Test]
    public void IngestBatch_SameSamplesAsOneByOne_SameStatisticsAndDecisions()
    {
        List<int> Run(bool batch)
        {
            using var harness = new EngineHarness();
            var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2);
            using var running = harness.Engine.Start();
            for (var minute = 0; minute < 30; minute++)
            {
                harness.RunUntil(TimeSpan.FromMinutes(minute) + TimeSpan.FromSeconds(30));
                var now = harness.Scheduler.Now;
                var samples = Enumerable.Range(0, set.Capacity)
                    .Select(i => new MetricSample("Percentage CPU", MetricSourceKind.Host, minute < 15 ? 85 : 10, now, "vm-" + i))
                    .ToArray();
                if (batch)
                {
                    set.Ingest(samples);
                }
                else
                {
                    foreach (var sample in samples)
                    {
                        set.Ingest(sample);
                    }
                }
            }

            harness.RunUntil(TimeSpan.FromMinutes(31));
            return [.. harness.Actions.Select(a => a.To), (int)set.Statistics.Accepted];
        }

        var oneByOne = Run(batch: false);
        Assert.That(oneByOne, Has.Count.GreaterThan(2), "the load scales out and back in");
        Assert.That(Run(batch: true), Is.EqualTo(oneByOne));
    }

    [Test]
    public void Source_Faulted_IsReportedAndItsRulesSeeMissingData()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 3), 3, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 50, TimeSpan.Zero, TimeSpan.FromMinutes(3), "vm-0");
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(3));

        cpu.OnError(new InvalidOperationException("agent connection lost"));
        set.ReportCapacity(2);
        var decision = set.Evaluate();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Events.Single(e => e.Kind == AutoscaleEngineEventKind.SourceFaulted).Message, Does.Contain("agent connection lost"));
            Assert.That(set.Statistics.SourcesFaulted, Is.EqualTo(1));
            Assert.That(decision.Rules.Select(r => r.Outcome), Is.All.EqualTo(RuleOutcome.MissingData));
            Assert.That(decision.Reason, Is.EqualTo(ScaleReason.MissingDataDefault));
            Assert.That(decision.To, Is.EqualTo(3));
        });
    }

    [Test]
    public void SetWarmingUp_BootSpikeOfANewInstance_CausesNoScaleOut()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        set.SetWarmingUp("vm-new", EngineHarness.T0 + TimeSpan.FromMinutes(5));
        harness.Feed(cpu, "Percentage CPU", _ => 60, TimeSpan.Zero, TimeSpan.FromMinutes(12), "vm-0", "vm-1");
        harness.Feed(cpu, "Percentage CPU", _ => 100, TimeSpan.Zero, TimeSpan.FromMinutes(12), "vm-new");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(5));
        var duringWarmUp = harness.Actions.Count();
        harness.RunUntil(TimeSpan.FromMinutes(12));

        Assert.Multiple(() =>
        {
            Assert.That(duringWarmUp, Is.Zero, "the warming instance's 100% is left out");
            Assert.That(set.Statistics.WarmingUp, Is.EqualTo(10), "two samples a minute for the five warm-up minutes");
            // Once warm its samples count: each grain averages (4 x 60 + 2 x 100) / 6 = 73.3, and the five-minute window
            // first averages above 70 at 9 minutes ((60 + 4 x 73.3) / 5 = 70.7).
            Assert.That(harness.Actions.First().Time, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(9)));
        });
    }

    [Test]
    public void FixedDateProfile_Starts_MovesCapacityIntoItsRangeAtOnce()
    {
        var setting = CpuSetting(1, 10, 1);
        setting.Profiles.Add(new AutoscaleProfile
        {
            Name = "sale",
            Capacity = new ScaleCapacity { Minimum = 6, Maximum = 12, Default = 6 },
            FixedDate = new FixedDateWindow { TimeZone = "UTC", Start = new DateTime(2026, 3, 2, 8, 10, 0), End = new DateTime(2026, 3, 2, 8, 20, 0) },
            Rules = [.. CpuSetting().Profiles[0].Rules],
        });
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("web", setting, 2, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 50, TimeSpan.Zero, TimeSpan.FromMinutes(30), "vm-0");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(25));

        var change = harness.Actions.Single();
        var profiles = harness.Evaluations.Select(e => e.Profile).Where((p, i) => i == 0 || p != harness.Evaluations[i - 1].Profile).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(change.Time, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(10)));
            Assert.That((change.From, change.To), Is.EqualTo((2, 6)));
            Assert.That(change.Profile, Is.EqualTo("sale"));
            Assert.That(change.ProfileChanged, Is.True);
            Assert.That(change.Reason, Is.EqualTo(ScaleReason.ProfileMinimum));
            Assert.That(profiles, Is.EqualTo(new[] { "default", "sale", "default" }));
        });
    }

    [Test]
    public void UpdateSetting_AtRunTime_TakesEffectAtTheNextEvaluation()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 60, TimeSpan.Zero, TimeSpan.FromMinutes(10), "vm-0");
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(3));
        Assert.That(harness.Actions, Is.Empty);

        var stricter = CpuSetting(1, 10, 1);
        stricter.Profiles[0].Rules[0].MetricTrigger.Threshold = 50;
        set.UpdateSetting(stricter);
        harness.RunUntil(TimeSpan.FromMinutes(4));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Actions.Single().Time, Is.EqualTo(EngineHarness.T0 + TimeSpan.FromMinutes(4)));
            Assert.That(harness.Actions.Single().Rules[0].Observed, Is.EqualTo(60), "the metric history survived the setting change");
            Assert.That(harness.Events.Any(e => e.Kind == AutoscaleEngineEventKind.SettingUpdated), Is.True);
        });
    }

    [Test]
    public void ScaleToZero_SetLevelQueue_WakesAndSleeps()
    {
        var setting = Setting(Profile(
            0,
            5,
            0,
            Threshold("QueueLength", ComparisonOperator.GreaterThan, 0, ScaleDirection.Increase, name: "wake", statistic: MetricStatistic.Max),
            Threshold("QueueLength", ComparisonOperator.Equals, 0, ScaleDirection.Decrease, name: "sleep", statistic: MetricStatistic.Max, cooldown: TimeSpan.FromMinutes(1))));
        using var harness = new EngineHarness();
        using var queue = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("workers", setting, 0, [queue]);
        harness.Feed(queue, "QueueLength", at => at < TimeSpan.FromMinutes(5) ? 40 : 0, TimeSpan.Zero, TimeSpan.FromMinutes(20), [null]);
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(20));

        var actions = harness.Actions.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actions[0].To, Is.EqualTo(1), "a set-level queue wakes the set from zero");
            Assert.That(actions[^1].To, Is.EqualTo(0), "an empty queue for the whole window puts it back to sleep");
            Assert.That(harness.Engine.ScaleSets[0].Capacity, Is.EqualTo(0));
        });
    }

    [Test]
    public void RemoveScaleSet_StopsItsEvaluation()
    {
        using var harness = new EngineHarness();
        harness.Engine.AddScaleSet("web", CpuSetting(), 1);
        using var running = harness.Engine.Start();
        harness.RunUntil(TimeSpan.FromMinutes(1));
        var before = harness.Evaluations.Count;

        Assert.That(harness.Engine.RemoveScaleSet("web"), Is.True);
        harness.RunUntil(TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(harness.Evaluations, Has.Count.EqualTo(before));
            Assert.That(harness.Engine.TryGetScaleSet("web", out _), Is.False);
        });
    }

    /// <summary>A source that hands its observer to the test, which then calls it as a misbehaving source would.</summary>
    private sealed class CapturingSource : IObservable<MetricSample>
    {
        public IObserver<MetricSample>? Observer { get; private set; }

        public IDisposable Subscribe(IObserver<MetricSample> observer)
        {
            Observer = observer;
            return Disposable.Empty;
        }
    }

    /// <summary>A source whose <c>Subscribe</c> throws (Rx's own operators turn such a failure into <c>OnError</c>; a hand-written source does not).</summary>
    private sealed class ThrowingSource(Exception error) : IObservable<MetricSample>
    {
        public IDisposable Subscribe(IObserver<MetricSample> observer) => throw error;
    }
}
