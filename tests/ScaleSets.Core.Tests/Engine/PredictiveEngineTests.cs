using System.Reactive.Concurrency;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Prediction;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Engine;

/// <summary>The predictive policy wired into the engine: a daily request-rate cycle, three days in virtual time.</summary>
[TestFixture]
public sealed class PredictiveEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Peak3 = Start + TimeSpan.FromDays(2) + TimeSpan.FromHours(6);

    [Test]
    public void Enabled_AfterEnoughHistory_ProvisionsTheForecastAheadOfTheReactiveRules()
    {
        var run = Run(PredictiveScalingMode.Enabled);

        var planned = run.Decisions.Where(d => d.IsAction && d.Reason == ScaleReason.PredictiveFloor).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(planned, Is.Not.Empty, "the forecast acted");
            Assert.That(planned[0].Time, Is.GreaterThanOrEqualTo(Start + TimeSpan.FromDays(2)), "not before two days of history");
            Assert.That(planned[0].Forecast!.Value.Status, Is.EqualTo(PredictiveStatus.Active));
            Assert.That(planned[0].Explain(), Does.Contain("forecast of").And.Contain("needs"));
            Assert.That(run.CapacityAtPeak, Is.GreaterThanOrEqualTo(5), "180 requests/s at 40 per instance, provisioned for the forecast's upper quantile");
        });
    }

    [Test]
    public void ForecastOnly_ExplainsButNeverActs()
    {
        var run = Run(PredictiveScalingMode.ForecastOnly);

        Assert.Multiple(() =>
        {
            Assert.That(run.Decisions.Where(d => d.Reason == ScaleReason.PredictiveFloor), Is.Empty);
            Assert.That(run.CapacityAtPeak, Is.EqualTo(4), "the reactive rules alone keep 180 requests/s at 45 per instance");
            Assert.That(run.LastForecast!.Value.Status, Is.EqualTo(PredictiveStatus.Active));
            Assert.That(run.LastForecast!.Value.CapacityFloor, Is.EqualTo((int)Math.Ceiling(run.LastForecast!.Value.ForecastUpper / 40)), "the would-be floor is still reported");
        });
    }

    [Test]
    public void Enabled_BeforeMinimumHistory_StandsAsideAndSaysWhy()
    {
        var run = Run(PredictiveScalingMode.Enabled, days: 1);

        Assert.Multiple(() =>
        {
            Assert.That(run.LastForecast!.Value.Status, Is.EqualTo(PredictiveStatus.InsufficientHistory));
            Assert.That(run.LastForecast!.Value.Reason, Is.Not.Empty);
            Assert.That(run.LastForecast!.Value.MissingHistory, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(run.Decisions.Where(d => d.Reason == ScaleReason.PredictiveFloor), Is.Empty);
        });
    }

    [Test]
    public void PeriodicEvaluation_RefitDue_TheTickDecidesWithoutItAndTheRefitRunsBesideOutsideTheLock()
    {
        var setting = Setting(Profile(1, 20, 2, Threshold("RequestsPerSecond", ComparisonOperator.GreaterThan, 50, ScaleDirection.Increase, dividePerInstance: true, name: "rps-high")));
        setting.Predictive = new PredictiveScalingPolicy
        {
            Mode = PredictiveScalingMode.Enabled,
            MetricName = "RequestsPerSecond",
            TargetPerInstance = 40,
            IsPerInstanceAverage = false,
            MinimumHistory = TimeSpan.FromHours(12),
        };
        var virtualTime = new HistoricalScheduler(Start);
        var scheduler = new LockCheckingScheduler(virtualTime);
        using var engine = new AutoscaleEngine(scheduler);
        var set = engine.AddScaleSet("web", setting, 2);
        scheduler.ScaleSet = set;
        var forecasts = new List<(DateTimeOffset Time, PredictiveStatus Status)>();
        using var evaluated = engine.Evaluations.Subscribe(d => forecasts.Add((d.Time, d.Forecast!.Value.Status)));
        var noise = new Random(7);
        virtualTime.Schedule(Start, self =>
        {
            var now = virtualTime.Now;
            set.Ingest(new MetricSample("RequestsPerSecond", MetricSourceKind.Application, Demand(now, noise), now));
            self(now + TimeSpan.FromMinutes(1));
        });
        using (engine.Start())
        {
            virtualTime.AdvanceTo(Start + TimeSpan.FromHours(14));
        }

        var fitting = forecasts.FindIndex(f => f.Status == PredictiveStatus.Fitting);
        Assert.Multiple(() =>
        {
            Assert.That(fitting, Is.GreaterThan(0), "the tick that found the first refit due decided without a model");
            Assert.That(forecasts.Take(fitting).Select(f => f.Status), Is.All.EqualTo(PredictiveStatus.InsufficientHistory));
            Assert.That(forecasts.Skip(fitting + 1).Select(f => f.Status), Is.All.Not.EqualTo(PredictiveStatus.Fitting), "the next tick had the model fitted beside");
            Assert.That(forecasts[fitting + 1].Status, Is.EqualTo(PredictiveStatus.Active));
            Assert.That(scheduler.Runs, Has.Some.EqualTo((forecasts[fitting].Time, false)), "the refit ran on the engine's scheduler at the tick's instant");
            Assert.That(scheduler.Runs.Select(r => r.UnderLock), Is.All.False, "never under the scale set's lock");
        });
    }

    [Test]
    public void PeriodicEvaluation_InlineRefit_TheTickThatFindsItDueUsesTheNewModel()
    {
        var run = Run(PredictiveScalingMode.Enabled, options: new AutoscaleEngineOptions { PredictiveRefit = PredictiveRefitMode.Inline });

        Assert.That(run.Statuses, Has.None.EqualTo(PredictiveStatus.Fitting));
        Assert.That(run.Statuses.SkipWhile(s => s == PredictiveStatus.InsufficientHistory).First(), Is.EqualTo(PredictiveStatus.Active));
    }

    private static double Demand(DateTimeOffset t, Random noise)
    {
        var day = (t - Start).TotalDays;
        return 100 + (80 * Math.Sin(2 * Math.PI * day)) + (6 * ((noise.NextDouble() * 2) - 1));
    }

    private static RunResult Run(PredictiveScalingMode mode, int days = 3, AutoscaleEngineOptions? options = null)
    {
        var setting = Setting(Profile(
            1,
            20,
            2,
            Threshold("RequestsPerSecond", ComparisonOperator.GreaterThan, 50, ScaleDirection.Increase, dividePerInstance: true, name: "rps-high"),
            Threshold("RequestsPerSecond", ComparisonOperator.LessThan, 20, ScaleDirection.Decrease, dividePerInstance: true, name: "rps-low", window: TimeSpan.FromMinutes(10))));
        setting.Predictive = new PredictiveScalingPolicy
        {
            Mode = mode,
            MetricName = "RequestsPerSecond",
            TargetPerInstance = 40,
            IsPerInstanceAverage = false,
            LeadTime = TimeSpan.FromMinutes(10),
            MinimumHistory = TimeSpan.FromDays(2),
        };
        var scheduler = new HistoricalScheduler(Start);
        using var engine = new AutoscaleEngine(scheduler, options);
        var set = engine.AddScaleSet("web", setting, 2);
        var decisions = new List<ScaleDecision>();
        var statuses = new List<PredictiveStatus>();
        ScaleDecision? last = null;
        using var recorded = engine.Decisions.Subscribe(decisions.Add);
        using var evaluated = engine.Evaluations.Subscribe(d =>
        {
            last = d;
            statuses.Add(d.Forecast!.Value.Status);
        });
        var capacityAtPeak = -1;
        var noise = new Random(42);
        scheduler.Schedule(Start, self =>
        {
            var now = scheduler.Now;
            set.Ingest(new MetricSample("RequestsPerSecond", MetricSourceKind.Application, Demand(now, noise), now));
            if (now == Peak3)
            {
                capacityAtPeak = set.Capacity;
            }

            self(now + TimeSpan.FromMinutes(1));
        });
        using (engine.Start())
        {
            scheduler.AdvanceTo(Start + TimeSpan.FromDays(days));
        }

        return new RunResult(decisions, capacityAtPeak, last?.Forecast, statuses);
    }

    private sealed record RunResult(List<ScaleDecision> Decisions, int CapacityAtPeak, PredictiveRecommendation? LastForecast, List<PredictiveStatus> Statuses);

    /// <summary>A virtual-time scheduler that records, for each immediate work item it runs, when and whether the scale set's lock was held.</summary>
    private sealed class LockCheckingScheduler(HistoricalScheduler inner) : IScheduler
    {
        public ScaleSetAutoscaler? ScaleSet { get; set; }

        public List<(DateTimeOffset Time, bool UnderLock)> Runs { get; } = [];

        public DateTimeOffset Now => inner.Now;

        public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action) =>
            inner.Schedule(state, (scheduler, s) =>
            {
                Runs.Add((inner.Now, ScaleSet?.HoldsLock ?? false));
                return action(this, s);
            });

        public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action) =>
            inner.Schedule(state, dueTime, (_, s) => action(this, s));

        public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action) =>
            inner.Schedule(state, dueTime, (_, s) => action(this, s));
    }
}
