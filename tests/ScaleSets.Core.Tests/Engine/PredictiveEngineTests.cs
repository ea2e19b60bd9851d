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

    private static double Demand(DateTimeOffset t, Random noise)
    {
        var day = (t - Start).TotalDays;
        return 100 + (80 * Math.Sin(2 * Math.PI * day)) + (6 * ((noise.NextDouble() * 2) - 1));
    }

    private static RunResult Run(PredictiveScalingMode mode, int days = 3)
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
        using var engine = new AutoscaleEngine(scheduler);
        var set = engine.AddScaleSet("web", setting, 2);
        var decisions = new List<ScaleDecision>();
        ScaleDecision? last = null;
        using var recorded = engine.Decisions.Subscribe(decisions.Add);
        using var evaluated = engine.Evaluations.Subscribe(d => last = d);
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

        return new RunResult(decisions, capacityAtPeak, last?.Forecast);
    }

    private sealed record RunResult(List<ScaleDecision> Decisions, int CapacityAtPeak, PredictiveRecommendation? LastForecast);
}
