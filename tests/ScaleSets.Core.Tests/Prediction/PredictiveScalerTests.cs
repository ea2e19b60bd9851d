using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.Model;
using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class PredictiveScalerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grain = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(25).WithQuietOnSuccess(true);

    private static PredictiveScalingPolicy Policy(PredictiveScalingMode mode = PredictiveScalingMode.Enabled) => new()
    {
        Mode = mode,
        MetricName = "Requests",
        TargetPerInstance = 50,
        IsPerInstanceAverage = false,
    };

    private static PredictiveScaler Scaler(PredictiveScalingPolicy policy) => new(policy, Grain, new FakeTimeProvider());

    private static double Load(int t) => 300 + (200 * Math.Sin(2 * Math.PI * t / 288)) + (20 * Noise(t));

    // Seeded noise in [-1, 1], so every test sees the same series.
    private static readonly double[] NoiseTable = NewNoise();

    private static double Noise(int t) => NoiseTable[t % NoiseTable.Length];

    private static double[] NewNoise()
    {
        var random = new Random(42);
        return [.. Enumerable.Range(0, 288 * 20).Select(_ => (2 * random.NextDouble()) - 1)];
    }

    private static DateTimeOffset Feed(PredictiveScaler scaler, int grains, Func<int, double>? load = null, int from = 0)
    {
        load ??= Load;
        for (var t = from; t < from + grains; t++)
        {
            scaler.Observe(Start + (Grain * t), load(t));
        }

        return Start + (Grain * (from + grains));
    }

    [Test]
    public void Recommend_InBackground_HandsTheRefitOutAndStandsAsideUntilTheFirstModelIsApplied()
    {
        var scaler = new PredictiveScaler(Policy(), Grain, new FakeTimeProvider(), refitInBackground: true);
        var now = Feed(scaler, 288 * 3);

        var first = scaler.Recommend(now, 4, Interval);
        var request = scaler.TakeRefitRequest();
        var again = scaler.Recommend(now + Interval, 4, Interval);

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(PredictiveStatus.Fitting));
            Assert.That(first.IsBinding, Is.False);
            Assert.That(first.Reason, Does.Contain("being fitted"));
            Assert.That(request, Is.Not.Null);
            Assert.That(request!.History, Has.Length.EqualTo(288 * 3));
            Assert.That(again.Status, Is.EqualTo(PredictiveStatus.Fitting));
            Assert.That(scaler.TakeRefitRequest(), Is.Null, "one refit outstanding at a time");
            Assert.That(scaler.Fits, Is.EqualTo(1));
        });

        Assert.That(scaler.Apply(PredictiveScaler.Fit(request!)), Is.True);
        Assert.That(scaler.Recommend(now + (2 * Interval), 4, Interval).Status, Is.EqualTo(PredictiveStatus.Active));
    }

    [Test]
    public void Apply_GrainsObservedWhileFitting_ForecastsExactlyAsTheInlineRefit()
    {
        var inline = Scaler(Policy());
        var background = new PredictiveScaler(Policy(), Grain, new FakeTimeProvider(), refitInBackground: true);
        var now = Feed(inline, 288 * 3);
        Feed(background, 288 * 3);
        inline.Recommend(now, 4, Interval);
        background.Recommend(now, 4, Interval);
        var request = background.TakeRefitRequest()!;

        // Three grains arrive while the fit runs; the fitted model is caught up with them when it is swapped in.
        var later = Feed(inline, 3, from: 288 * 3);
        Feed(background, 3, from: 288 * 3);
        Assert.That(background.Apply(PredictiveScaler.Fit(request)), Is.True);
        var expected = inline.Recommend(later, 4, Interval);
        var actual = background.Recommend(later, 4, Interval);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Status, Is.EqualTo(PredictiveStatus.Active));
            Assert.That(actual.Model, Is.EqualTo(expected.Model));
            Assert.That(actual.ForecastMean, Is.EqualTo(expected.ForecastMean));
            Assert.That(actual.ForecastUpper, Is.EqualTo(expected.ForecastUpper));
            Assert.That(actual.CapacityFloor, Is.EqualTo(expected.CapacityFloor));
            Assert.That(actual.RollingMase, Is.EqualTo(expected.RollingMase).Or.NaN);
        });
    }

    [Test]
    public void Apply_HistoryDroppedWhileFitting_IsNotAppliedAndTheNextRecommendAsksAgain()
    {
        var scaler = new PredictiveScaler(Policy(), Grain, new FakeTimeProvider(), refitInBackground: true);
        var now = Feed(scaler, 288 * 3);
        scaler.Recommend(now, 4, Interval);
        var request = scaler.TakeRefitRequest()!;

        // A gap longer than the whole history drops it.
        Feed(scaler, 288 * 3, from: 288 * 40);
        var applied = scaler.Apply(PredictiveScaler.Fit(request));
        scaler.Recommend(Start + (Grain * 288 * 43), 4, Interval);

        Assert.Multiple(() =>
        {
            Assert.That(applied, Is.False);
            Assert.That(scaler.TakeRefitRequest(), Is.Not.Null, "a new refit of the new history is asked for");
        });
    }

    [Test]
    public void Recommend_Disabled_SaysSoAndGivesNoCapacity()
    {
        var scaler = Scaler(Policy(PredictiveScalingMode.Disabled));
        var now = Feed(scaler, 288 * 3);

        var recommendation = scaler.Recommend(now, 4, Interval);

        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.Disabled));
        Assert.That(recommendation.CapacityFloor, Is.Null);
        Assert.That(recommendation.IsBinding, Is.False);
        Assert.That(scaler.Fits, Is.Zero);
    }

    [Test]
    public void Recommend_BeforeTwoDays_StandsAsideAndSaysHowMuchMoreIsNeeded()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288);

        var recommendation = scaler.Recommend(now, 4, Interval);

        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.InsufficientHistory));
        Assert.That(recommendation.MissingHistory, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(recommendation.Reason, Does.Contain("24.0 h more"));
        Assert.That(recommendation.CapacityFloor, Is.Null);
    }

    [Test]
    public void Recommend_AnyHistoryShorterThanTheMinimum_StandsAside() =>
        Check.One(Config, Prop.ForAll(Gen.Zip(Gen.Choose(0, 200), Gen.Choose(201, 600)).ToArbitrary(), input =>
        {
            var (grains, minimumGrains) = input;
            var policy = Policy();
            policy.MinimumHistory = Grain * minimumGrains;
            var scaler = Scaler(policy);
            var now = Feed(scaler, grains);
            var recommendation = scaler.Recommend(now, 3, Interval);
            return recommendation.Status == PredictiveStatus.InsufficientHistory
                && recommendation.MissingHistory == Grain * (minimumGrains - grains)
                && recommendation.CapacityFloor is null
                && !recommendation.IsBinding;
        }));

    [Test]
    public void Recommend_EnoughHistory_IsActiveWithFloorFromTheSetTotalFormula()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 4);

        var recommendation = scaler.Recommend(now, 2, Interval);

        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.Active), recommendation.Reason);
        Assert.That(recommendation.IsBinding, Is.True);
        Assert.That(recommendation.CapacityFloor, Is.EqualTo((int)Math.Ceiling(recommendation.ForecastUpper / 50)));
        Assert.That(recommendation.ForecastUpper, Is.GreaterThanOrEqualTo(recommendation.ForecastMean - 5));
        Assert.That(recommendation.ModelMase, Is.LessThan(recommendation.SeasonalNaiveMase));
        Assert.That(recommendation.Model, Is.Not.Null);
        Assert.That(recommendation.ForecastFrom, Is.EqualTo(now));
        Assert.That(recommendation.ForecastUntil, Is.EqualTo(now + TimeSpan.FromMinutes(15)));
    }

    [Test]
    public void Recommend_ForecastCoversTheRisingLoadAhead()
    {
        var scaler = Scaler(Policy());

        // Stop just before the daily rise: the lead window sees load the last grains did not.
        var now = Feed(scaler, (288 * 4) - 10);
        var recommendation = scaler.Recommend(now, 2, Interval);
        var maxAhead = Enumerable.Range((288 * 4) - 10, 3).Max(Load);

        Assert.That(recommendation.ForecastMean, Is.EqualTo(maxAhead).Within(10));
    }

    [Test]
    public void Recommend_PerInstanceAverage_FloorFollowsForecastTimesCapacityOverTarget() =>
        Check.One(Config.WithMaxTest(10), Prop.ForAll(Gen.Zip(Gen.Choose(1, 50), Gen.Choose(20, 400)).ToArbitrary(), input =>
        {
            var (capacity, target) = input;
            var policy = Policy();
            policy.IsPerInstanceAverage = true;
            policy.TargetPerInstance = target;
            var scaler = Scaler(policy);
            var now = Feed(scaler, 288 * 3);
            var recommendation = scaler.Recommend(now, capacity, Interval);
            return recommendation.Status == PredictiveStatus.Active
                && recommendation.CapacityFloor == (int)Math.Ceiling((recommendation.ForecastUpper * capacity / target) - 1e-9);
        }));

    [Test]
    public void Recommend_ScaleInAllowed_KeepsTheMargin()
    {
        var policy = Policy();
        policy.AllowScaleIn = true;
        policy.ScaleInMargin = 0.5;
        var scaler = Scaler(policy);
        var now = Feed(scaler, 288 * 3);

        var recommendation = scaler.Recommend(now, 10, Interval);

        Assert.That(recommendation.ScaleInCapacity, Is.EqualTo((int)Math.Ceiling(recommendation.ForecastUpper * 1.5 / 50)));
        Assert.That(recommendation.ScaleInCapacity!.Value, Is.GreaterThanOrEqualTo(recommendation.CapacityFloor!.Value));
    }

    [Test]
    public void Recommend_ScaleInNotAllowed_GivesNoScaleInCapacity()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3);

        Assert.That(scaler.Recommend(now, 10, Interval).ScaleInCapacity, Is.Null);
    }

    [Test]
    public void Recommend_ForecastOnly_IsActiveButNotBinding()
    {
        var scaler = Scaler(Policy(PredictiveScalingMode.ForecastOnly));
        var now = Feed(scaler, 288 * 3);

        var recommendation = scaler.Recommend(now, 2, Interval);

        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.Active));
        Assert.That(recommendation.CapacityFloor, Is.Not.Null);
        Assert.That(recommendation.IsBinding, Is.False);
    }

    [Test]
    public void Recommend_ExactlyRepeatingPattern_IsActiveWhenAsGoodAsSeasonalNaive()
    {
        var random = new Random(9);
        var pattern = Enumerable.Range(0, 12).Select(_ => 100 + (100 * random.NextDouble())).ToArray();
        var policy = Policy();
        policy.AllowCombination = false;
        var scaler = Scaler(policy);
        var now = Feed(scaler, 288 * 3, t => pattern[t % 12]);

        var recommendation = scaler.Recommend(now, 2, Interval);

        // Seasonal naive is exact on a strictly repeating load; a model that matches it is not worse, so it acts.
        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.Active), recommendation.Reason);
        Assert.That(recommendation.ModelMase, Is.LessThanOrEqualTo(recommendation.SeasonalNaiveMase + 1e-9));
        Assert.That(recommendation.CapacityFloor, Is.Not.Null);
    }

    [Test]
    public void Recommend_RefitsOnlyAfterTheRefitInterval()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3);
        scaler.Recommend(now, 2, Interval);

        for (var i = 1; i <= 11; i++)
        {
            now = Feed(scaler, 1, from: (288 * 3) + i - 1);
            scaler.Recommend(now, 2, Interval);
        }

        Assert.That(scaler.Fits, Is.EqualTo(1));
        now = Feed(scaler, 1, from: (288 * 3) + 11);
        scaler.Recommend(now, 2, Interval);
        Assert.That(scaler.Fits, Is.EqualTo(2));
    }

    [Test]
    public void Recommend_AfterOnlineUpdates_ReportsRollingMase()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3);
        var first = scaler.Recommend(now, 2, Interval);
        now = Feed(scaler, 48, from: 288 * 3);

        var later = scaler.Recommend(now, 2, Interval);

        Assert.That(double.IsNaN(first.RollingMase), Is.True);
        Assert.That(later.RollingMase, Is.GreaterThan(0).And.LessThan(1));
    }

    [Test]
    public void Observe_SkippedGrains_BecomeGapsAndLateGrainsAreIgnored()
    {
        var scaler = Scaler(Policy());
        scaler.Observe(Start, 1);
        scaler.Observe(Start + (Grain * 3), 2);
        scaler.Observe(Start + Grain, 5);
        scaler.Observe(Start + (Grain * 3), 6);

        Assert.That(scaler.HistoryGrains, Is.EqualTo(4));
        Assert.That(scaler.IgnoredObservations, Is.EqualTo(2));
    }

    [Test]
    public void Recommend_OutageZerosOnline_DoNotCollapseTheForecast()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3);
        var before = scaler.Recommend(now, 2, Interval);
        now = Feed(scaler, 6, _ => 0, from: 288 * 3);

        var during = scaler.Recommend(now, 2, Interval);

        Assert.That(during.ForecastMean, Is.GreaterThan(before.ForecastMean * 0.7));
    }

    [Test]
    public void Recommend_Diagnostics_SayWhatTheFitFound()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3, t => t == 500 ? 5000 : Load(t));

        var recommendation = scaler.Recommend(now, 2, Interval);

        Assert.That(recommendation.Diagnostics.Select(d => d.Kind), Does.Contain(ForecastDiagnosticKind.Spikes).And.Contain(ForecastDiagnosticKind.ModelSelected));
    }

    [Test]
    public void Recommend_NoObservedValues_StandsAsideWithoutThrowing()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3, _ => double.NaN);

        var recommendation = scaler.Recommend(now, 2, Interval);

        Assert.That(recommendation.Status, Is.EqualTo(PredictiveStatus.FitFailed));
        Assert.That(recommendation.Reason, Does.Contain("no observed values"));
        Assert.That(recommendation.CapacityFloor, Is.Null);
    }

    [Test]
    public void Recommend_MostlyMissingHistory_StillForecastsFiniteValues()
    {
        var scaler = Scaler(Policy());
        var now = Feed(scaler, 288 * 3, t => t % 5 == 0 ? Load(t) : double.NaN);

        var recommendation = scaler.Recommend(now, 2, Interval);

        Assert.That(recommendation.Status, Is.AnyOf(PredictiveStatus.Active, PredictiveStatus.WorseThanSeasonalNaive));
        Assert.That(recommendation.Status != PredictiveStatus.Active || double.IsFinite(recommendation.ForecastUpper), Is.True);
    }

    [Test]
    public void Constructor_InvalidPolicy_ListsEveryProblem()
    {
        var policy = new PredictiveScalingPolicy { Quantile = 0.2, RefitInterval = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => _ = new PredictiveScaler(policy, Grain));

        Assert.That(error!.Message, Does.Contain("predictive.MetricName").And.Contain("predictive.TargetPerInstance").And.Contain("predictive.Quantile").And.Contain("predictive.RefitInterval"));
    }

    [Test]
    public void Validate_DefaultsWithMetricAndTarget_HaveNoProblems()
    {
        var policy = new PredictiveScalingPolicy { MetricName = "Percentage CPU", TargetPerInstance = 60 };

        Assert.That(PredictiveScalingPolicyValidator.Validate(policy), Is.Empty);
        Assert.That(policy.Mode, Is.EqualTo(PredictiveScalingMode.ForecastOnly));
        Assert.That(policy.Quantile, Is.EqualTo(0.9));
        Assert.That(policy.LeadTime, Is.EqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(policy.AllowScaleIn, Is.False);
        Assert.That(policy.ScaleInMargin, Is.EqualTo(0.2));
    }
}
