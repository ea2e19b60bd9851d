using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class FourierRegressionModelTests
{
    private static readonly (int, double)[] DailyAndWeekly = [(24, 15), (168, 8)];

    [Test]
    public void Fit_DailyAndWeeklySeasonsWithTrend_ForecastsTheTruth()
    {
        var history = SyntheticSeries.Generate(168 * 4, 100, 0.02, DailyAndWeekly, 1);
        var model = new FourierRegressionModel([24, 168], [5, 6], trend: true);

        model.Fit(history);
        var forecast = new double[48];
        model.Forecast(forecast);

        for (var h = 0; h < forecast.Length; h++)
        {
            Assert.That(forecast[h], Is.EqualTo(SyntheticSeries.Truth(history.Length + h, 100, 0.02, DailyAndWeekly)).Within(1.5), $"step {h + 1}");
        }
    }

    [Test]
    public void Fit_QuarterOfValuesMissing_StillForecastsTheTruth()
    {
        var history = SyntheticSeries.Generate(168 * 3, 50, 0, DailyAndWeekly, 0.5);
        var random = new Random(11);
        for (var t = 0; t < history.Length; t++)
        {
            if (random.NextDouble() < 0.25)
            {
                history[t] = double.NaN;
            }
        }

        var model = new FourierRegressionModel([24, 168], [5, 6], trend: false);
        model.Fit(history);
        var forecast = new double[24];
        model.Forecast(forecast);

        for (var h = 0; h < forecast.Length; h++)
        {
            Assert.That(forecast[h], Is.EqualTo(SyntheticSeries.Truth(history.Length + h, 50, 0, DailyAndWeekly)).Within(1.0));
        }
    }

    [Test]
    public void Update_OffsetFromTheFit_DecaysTowardsTheSeasonalCurve()
    {
        var history = SyntheticSeries.Generate(24 * 10, 100, 0, [(24, 10)], 0.5);
        var model = new FourierRegressionModel([24], [4], trend: false);
        model.Fit(history);
        var plain = new double[1];
        model.Forecast(plain);

        model.Update(plain[0] + 20);
        var forecast = new double[30];
        model.Forecast(forecast);
        var truthNext = SyntheticSeries.Truth(history.Length + 1, 100, 0, [(24, 10)]);
        var truthLast = SyntheticSeries.Truth(history.Length + 30, 100, 0, [(24, 10)]);

        Assert.That(forecast[0] - truthNext, Is.GreaterThanOrEqualTo(0));
        Assert.That(Math.Abs(forecast[29] - truthLast), Is.LessThan(Math.Abs(forecast[0] - truthNext) + 1));
    }

    [Test]
    public void Name_ListsSeasonsAndHarmonics() =>
        Assert.That(new FourierRegressionModel([288, 2016], [10, 6]).Name, Is.EqualTo("Fourier(288x10+2016x6,trend)"));
}
