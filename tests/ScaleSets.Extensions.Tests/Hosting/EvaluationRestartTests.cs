using System.Reactive.Concurrency;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Engine;

namespace ScaleSets.Extensions.Tests.Hosting;

/// <summary>
/// The engine's periodic evaluation restarted with new intervals, as a reloaded <c>EvaluationInterval</c> does: whatever the
/// intervals and whenever the restarts, evaluations fall on the interval in force, one interval apart, and never repeat a time.
/// </summary>
[TestFixture]
public sealed class EvaluationRestartTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true);

    [Test]
    public void Start_RestartedWithAnyIntervals_EvaluationsFallOnTheIntervalInForceAndStrictlyIncrease()
    {
        var segment = Gen.Zip(Gen.Elements(1, 2, 5, 10, 15, 20, 30, 60, 300, 900, 3600), Gen.Choose(0, 2400));
        Check.One(Config, Prop.ForAll(Gen.NonEmptyListOf(segment).Select(s => s.Take(6).ToArray()).ToArbitrary(), segments =>
        {
            var scheduler = new HistoricalScheduler(Start);
            using var engine = new AutoscaleEngine(scheduler);
            engine.AddScaleSet("web", TestSettings.Cpu(), 2);
            var times = new List<DateTimeOffset>();
            using var recorded = engine.EvaluationTimings.Subscribe(t => times.Add(t.Time));
            IDisposable? running = null;
            var onInterval = true;
            foreach (var (seconds, runSeconds) in segments)
            {
                var interval = TimeSpan.FromSeconds(seconds);
                running?.Dispose();
                engine.Options.EvaluationInterval = interval;
                var restartedAt = scheduler.Now;
                var first = times.Count;
                running = engine.Start();
                scheduler.AdvanceBy(TimeSpan.FromSeconds(runSeconds));
                var segmentTimes = times.Skip(first).ToList();
                onInterval &= segmentTimes.All(t => t >= restartedAt && t.UtcTicks % interval.Ticks == 0)
                    && segmentTimes.Zip(segmentTimes.Skip(1), (a, b) => b - a).All(gap => gap == interval);
            }

            running?.Dispose();
            var increasing = times.Zip(times.Skip(1), (a, b) => b > a).All(x => x);
            return onInterval && increasing;
        }));
    }
}
