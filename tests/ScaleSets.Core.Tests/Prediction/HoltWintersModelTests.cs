using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class HoltWintersModelTests
{
    private static readonly (int, double)[] Daily24 = [(24, 20)];

    [Test]
    public void Fit_AdditiveSeasonWithTrendAndNoise_ForecastsTheTruth()
    {
        var history = SyntheticSeries.Generate(24 * 12, 100, 0.05, Daily24, 1);
        var model = new HoltWintersModel(24, SeasonalityKind.Additive, TrendKind.Linear);

        model.Fit(history);
        var forecast = new double[24];
        model.Forecast(forecast);

        for (var h = 0; h < 24; h++)
        {
            Assert.That(forecast[h], Is.EqualTo(SyntheticSeries.Truth(history.Length + h, 100, 0.05, Daily24)).Within(3.0), $"step {h + 1}");
        }
    }

    [Test]
    public void Fit_MultiplicativeSeason_ForecastsTheTruthWithinFivePercent()
    {
        var random = new Random(3);
        double Truth(int t) => 200 * (1 + (0.4 * Math.Sin(2 * Math.PI * t / 24)));
        var history = Enumerable.Range(0, 24 * 12).Select(t => Truth(t) * (1 + (0.01 * (random.NextDouble() - 0.5)))).ToArray();
        var model = new HoltWintersModel(24, SeasonalityKind.Multiplicative, TrendKind.Damped);

        model.Fit(history);
        var forecast = new double[24];
        model.Forecast(forecast);

        for (var h = 0; h < 24; h++)
        {
            Assert.That(forecast[h] / Truth(history.Length + h), Is.EqualTo(1).Within(0.05), $"step {h + 1}");
        }
    }

    [Test]
    public void Fit_DampedTrend_KeepsParametersWithinBounds()
    {
        var history = SyntheticSeries.Generate(24 * 8, 50, 0.2, Daily24, 2);
        var model = new HoltWintersModel(24, SeasonalityKind.Additive, TrendKind.Damped);

        model.Fit(history);

        Assert.That(model.Phi, Is.InRange(0.8, 0.995));
        Assert.That(model.Alpha, Is.InRange(0.001, 0.999));
        Assert.That(model.Beta, Is.InRange(0.0001, 0.4));
        Assert.That(model.Gamma, Is.InRange(0.0001, 0.6));
    }

    [Test]
    public void Fit_LinearTrendWithoutSeason_RecoversTheSlope()
    {
        var history = SyntheticSeries.Generate(300, 10, 0.5, [], 0.2);
        var model = new HoltWintersModel(0, SeasonalityKind.None, TrendKind.Linear);

        model.Fit(history);
        var forecast = new double[10];
        model.Forecast(forecast);

        Assert.That(forecast[9] - forecast[0], Is.EqualTo(9 * 0.5).Within(0.5));
        Assert.That(forecast[0], Is.EqualTo(10 + (0.5 * 300)).Within(1.5));
    }

    [Test]
    public void Update_MissingValue_ContinuesTheForecastExactly()
    {
        var history = SyntheticSeries.Generate(24 * 6, 100, 0.1, Daily24, 1);
        var model = new HoltWintersModel(24, SeasonalityKind.Additive, TrendKind.Damped);
        model.Fit(history);
        var before = new double[10];
        model.Forecast(before);

        model.Update(double.NaN);
        var after = new double[9];
        model.Forecast(after);

        Assert.That(after, Is.EqualTo(before[1..]).Within(1e-9));
    }

    [Test]
    public void Fit_HistoryWithGaps_StillForecastsTheTruth()
    {
        var history = SyntheticSeries.Generate(24 * 12, 100, 0, Daily24, 1);
        for (var t = 30; t < history.Length; t += 7)
        {
            history[t] = double.NaN;
        }

        var model = new HoltWintersModel(24, SeasonalityKind.Additive, TrendKind.None);
        model.Fit(history);
        var forecast = new double[24];
        model.Forecast(forecast);

        for (var h = 0; h < 24; h++)
        {
            Assert.That(forecast[h], Is.EqualTo(SyntheticSeries.Truth(history.Length + h, 100, 0, Daily24)).Within(3.0));
        }
    }

    [Test]
    public void Fit_TooShortHistory_Throws()
    {
        var model = new HoltWintersModel(24, SeasonalityKind.Additive, TrendKind.None);

        Assert.That(() => model.Fit(new double[40]), Throws.ArgumentException.With.Message.Contains("needs 49"));
    }
}
