using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>A user's observer of the engine's observables that throws, blocks or calls back: the engine keeps going.</summary>
[TestFixture]
public sealed class EngineObserverTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Test]
    public void Decisions_ObserverThrowsOnAVirtualClock_TheClockAdvancesAndEvaluationGoesOn()
    {
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        harness.Engine.AddScaleSet("web", CpuSetting(1, 10, 1), 2, [cpu]);
        harness.Feed(cpu, "Percentage CPU", _ => 90, TimeSpan.Zero, TimeSpan.FromMinutes(12), "vm-0");
        var calls = 0;
        using var failing = harness.Engine.Decisions.Subscribe(_ =>
        {
            calls++;
            throw new InvalidOperationException("logging bug");
        });
        using var running = harness.Engine.Start();

        Assert.DoesNotThrow(() => harness.RunUntil(TimeSpan.FromMinutes(12)), "the exception never reaches whoever advanced the clock");

        var failures = harness.Events.Where(e => e.Kind == AutoscaleEngineEventKind.ObserverFailed).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(harness.Actions.Select(a => a.To), Is.EqualTo(new[] { 3, 4, 5 }), "every scale-out still happened and reached the other observers");
            Assert.That(harness.Evaluations, Has.Count.EqualTo(13), "evaluation never stopped");
            Assert.That(calls, Is.EqualTo(harness.Decisions.Count), "the failing observer got every decision");
            Assert.That(failures, Has.Count.EqualTo(calls), "each failure reported");
            Assert.That(failures[0].ScaleSet, Is.EqualTo("web"));
            Assert.That(failures[0].Message, Does.Contain("observer of Decisions").And.Contain("logging bug"));
            Assert.That(failures[0].Exception, Is.InstanceOf<InvalidOperationException>());
        });
    }

    [Test]
    public void Decisions_ObserverBehindRxOperatorsThrows_RxEndsThatSubscriptionAndTheFailureIsReported()
    {
        using var harness = new EngineHarness();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(2, 10, 2), 1);
        var calls = 0;
        using var failing = harness.Engine.Evaluations.Where(_ => true).Subscribe(_ =>
        {
            calls++;
            throw new InvalidOperationException("bug behind an operator");
        });

        Assert.DoesNotThrow(() =>
        {
            set.Evaluate();
            set.Evaluate();
        });

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(1), "Rx's safeguard disposed the operator's subscription at the first exception");
            Assert.That(harness.Evaluations, Has.Count.EqualTo(2), "the other observers got both");
            Assert.That(harness.Events.Count(e => e.Kind == AutoscaleEngineEventKind.ObserverFailed), Is.EqualTo(1));
        });
    }

    [Test]
    public void Evaluations_ObserverThrowsOnATimerClock_TheTimerThreadNeverSeesTheException()
    {
        // A TimeProvider's timers run the engine's ticks: on the system clock an exception there kills the process;
        // the fake one runs them on the thread that advances it.
        var time = new FakeTimeProvider(EngineHarness.T0);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        var set = engine.AddScaleSet("web", CpuSetting(), 1);
        var events = new List<AutoscaleEngineEvent>();
        using var recorded = engine.Events.Subscribe(events.Add);
        var ticks = 0;
        using var failing = engine.Evaluations.Subscribe(_ =>
        {
            ticks++;
            throw new FormatException("bad format string");
        });
        using var running = engine.Start();

        Assert.DoesNotThrow(() =>
        {
            for (var minute = 0; minute < 5; minute++)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(ticks, Is.EqualTo(6), "every boundary evaluated, the first at T0");
            Assert.That(events.Count(e => e.Kind == AutoscaleEngineEventKind.ObserverFailed && e.Message.Contains("observer of Evaluations", StringComparison.Ordinal)), Is.EqualTo(6));
            Assert.That(set.Capacity, Is.EqualTo(1));
        });
    }

    [Test]
    public void Events_ObserverThrows_TheMetricSourcesPipelineKeepsDelivering()
    {
        using var harness = new EngineHarness();
        using var producer = new Subject<MetricSample>();
        // An Rx pipeline ends its subscription when its observer throws: the engine must never throw back into it.
        var set = harness.Engine.AddScaleSet("web", CpuSetting(), 1, [producer.Select(s => s)]);
        using var failing = harness.Engine.Events.Subscribe(_ => throw new InvalidOperationException("subscriber bug"));
        var now = harness.Scheduler.Now;

        Assert.DoesNotThrow(() =>
        {
            producer.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, double.NaN, now, "vm-0"));
            producer.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 50, now, "vm-0"));
            producer.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, 60, now, "vm-1"));
        });

        Assert.Multiple(() =>
        {
            Assert.That(set.Statistics.NotFinite, Is.EqualTo(1));
            Assert.That(set.Statistics.Accepted, Is.EqualTo(2), "the samples after the failure still arrived");
            Assert.That(producer.HasObservers, Is.True, "the source's pipeline is still subscribed");
            Assert.That(harness.Events.Select(e => e.Kind), Is.EqualTo(new[] { AutoscaleEngineEventKind.SampleRejected, AutoscaleEngineEventKind.ObserverFailed }));
        });
    }

    [Test]
    public void EveryObservable_ObserversAreNeverCalledUnderTheEngineOrAScaleSetLock()
    {
        var setting = CpuSetting(1, 10, 1);
        using var harness = new EngineHarness();
        using var cpu = new Subject<MetricSample>();
        var set = harness.Engine.AddScaleSet("web", setting, 2, [cpu]);
        var calls = 0;
        var underLock = new List<string>();
        void Check(string what)
        {
            calls++;
            if (harness.Engine.HoldsLock || set.HoldsLock)
            {
                underLock.Add(what);
            }
        }

        using var decisions = harness.Engine.Decisions.Subscribe(_ => Check("decision"));
        using var own = set.Decisions.Subscribe(_ => Check("scale set decision"));
        using var evaluations = harness.Engine.Evaluations.Subscribe(_ => Check("evaluation"));
        using var events = harness.Engine.Events.Subscribe(_ => Check("event"));
        using var timings = harness.Engine.EvaluationTimings.Subscribe(_ => Check("timing"));
        harness.Feed(cpu, "Percentage CPU", _ => 90, TimeSpan.Zero, TimeSpan.FromMinutes(3), "vm-0");
        using var running = harness.Engine.Start();

        harness.RunUntil(TimeSpan.FromMinutes(2));
        cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, -5, harness.Scheduler.Now, "vm-0"));
        set.UpdateSetting(CpuSetting(1, 8, 1));
        set.Evaluate();
        cpu.OnError(new IOException("agent gone"));

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.GreaterThan(10), "every kind of callback ran");
            Assert.That(underLock, Is.Empty);
        });
    }

    [Test]
    public void Evaluations_PublishedFromTwoThreads_TheObserverIsCalledOneAtATime()
    {
        using var harness = new EngineHarness();
        var a = harness.Engine.AddScaleSet("a", CpuSetting(), 1);
        var b = harness.Engine.AddScaleSet("b", CpuSetting(), 1);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var inside = 0;
        var overlaps = 0;
        var seen = new List<string>();
        using var observer = harness.Engine.Evaluations.Subscribe(d =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            lock (seen)
            {
                seen.Add(d.ScaleSet);
            }

            if (d.ScaleSet == "a")
            {
                entered.Set();
                release.Wait(Guard);
            }

            Interlocked.Decrement(ref inside);
        });
        var first = new Thread(() => a.Evaluate());
        first.Start();
        Assert.That(entered.Wait(Guard), Is.True);

        var second = new Thread(() => b.Evaluate());
        second.Start();
        var secondReturned = second.Join(Guard);
        release.Set();
        var firstReturned = first.Join(Guard);

        Assert.Multiple(() =>
        {
            Assert.That(secondReturned && firstReturned, Is.True);
            Assert.That(overlaps, Is.Zero);
            Assert.That(seen, Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public void Decisions_ObserverCallsBackIntoTheEngine_NoDeadlockAndTheNestedDecisionFollows()
    {
        using var harness = new EngineHarness();
        var set = harness.Engine.AddScaleSet("web", CpuSetting(), 1);
        var order = new List<long>();
        using var observer = harness.Engine.Evaluations.Subscribe(d =>
        {
            order.Add(d.Sequence);
            if (d.Sequence == 1)
            {
                _ = set.Evaluate();
                set.UpdateSetting(CpuSetting(1, 5, 1));
            }
        });

        set.Evaluate();

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(harness.Events.Select(e => e.Kind), Is.EqualTo(new[] { AutoscaleEngineEventKind.SettingUpdated }));
        });
    }
}
