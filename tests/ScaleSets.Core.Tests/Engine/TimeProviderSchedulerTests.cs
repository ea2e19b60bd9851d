using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Engine;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

[TestFixture]
public sealed class TimeProviderSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Schedule_RunsWhenTheClockReachesTheDueTime()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ran = new List<DateTimeOffset>();

        scheduler.Schedule(TimeSpan.FromMinutes(2), () => ran.Add(scheduler.Now));
        time.Advance(TimeSpan.FromMinutes(1));
        var early = ran.Count;
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(ran, Is.EqualTo(new[] { Start + TimeSpan.FromMinutes(2) }));
            Assert.That(scheduler.Now, Is.EqualTo(time.GetUtcNow()));
        });
    }

    [Test]
    public void Schedule_DisposedBeforeDue_NeverRuns()
    {
        var time = new FakeTimeProvider(Start);
        var scheduler = new TimeProviderScheduler(time);
        var ran = false;

        var handle = scheduler.Schedule(Start + TimeSpan.FromMinutes(1), () => ran = true);
        handle.Dispose();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(ran, Is.False);
    }

    [Test]
    public void Interval_OnTheFakeClock_TicksOncePerPeriod()
    {
        var time = new FakeTimeProvider(Start);
        var ticks = new List<long>();

        using var subscription = Observable.Interval(TimeSpan.FromSeconds(30), new TimeProviderScheduler(time)).Subscribe(ticks.Add);
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.That(ticks, Is.EqualTo(new long[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void Engine_OnATimeProvider_EvaluatesOnTheMinute() =>
        Assert.That(EvaluationsOverThreeMinutes(Start + TimeSpan.FromSeconds(20)), Is.EqualTo(new[] { Start + TimeSpan.FromMinutes(1), Start + TimeSpan.FromMinutes(2), Start + TimeSpan.FromMinutes(3) }));

    [Test]
    public void Engine_StartedOnABoundary_EvaluatesThereAndKeepsEveryLaterBoundary() =>
        // The fake clock runs a timer due now inside CreateTimer, before Schedule returns: the evaluation loop must keep the
        // next boundary that run scheduled rather than replace it with the item that already ran.
        Assert.That(EvaluationsOverThreeMinutes(Start), Is.EqualTo(new[] { Start, Start + TimeSpan.FromMinutes(1), Start + TimeSpan.FromMinutes(2), Start + TimeSpan.FromMinutes(3) }));

    /// <summary>Starts an engine on a fake clock at <paramref name="start"/> and returns the times it evaluated at in the next three minutes.</summary>
    private static List<DateTimeOffset> EvaluationsOverThreeMinutes(DateTimeOffset start)
    {
        var time = new FakeTimeProvider(start);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        engine.AddScaleSet("web", CpuSetting(), 1);
        var evaluations = new List<DateTimeOffset>();
        using var subscription = engine.Evaluations.Subscribe(e => evaluations.Add(e.Time));
        using var running = engine.Start();
        for (var i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
        }

        return evaluations;
    }
}
