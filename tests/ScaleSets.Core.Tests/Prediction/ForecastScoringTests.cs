using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class ForecastScoringTests
{
    [Test]
    public void Score_HandExample_GivesMaseSmapeAndUnderShare()
    {
        double[] actuals = [10, 12, 14, 10, 20, double.NaN];
        int[] origins = [3, 4];
        double[] forecasts = [8, 25, 20, 30];

        var score = ForecastScoring.Score("m", origins, forecasts, 2, actuals, scale: 2, TimeSpan.Zero, isBaseline: false);

        // Compared: (10, 8), (20, 25), (20, 20); the forecast for index 5 has no actual, index 6 is past the end.
        Assert.That(score.Forecasts, Is.EqualTo(3));
        Assert.That(score.Mase, Is.EqualTo((2.0 + 5 + 0) / 3 / 2).Within(1e-12));
        Assert.That(score.UnderForecastShare, Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(score.Smape, Is.EqualTo(((200.0 * 2 / 18) + (200.0 * 5 / 45) + 0) / 3).Within(1e-9));
    }

    [Test]
    public void Scale_SeasonalSeries_IsTheSeasonalNaiveMae()
    {
        double[] series = [1, 2, 3, 2, 4, 3, double.NaN, 3];

        Assert.That(ForecastScoring.Scale(series, 2), Is.EqualTo((2.0 + 0 + 1 + 1 + 0) / 5).Within(1e-12));
        Assert.That(ForecastScoring.Scale(series, 0), Is.EqualTo((1.0 + 1 + 1 + 2 + 1) / 5).Within(1e-12));
    }

    [Test]
    public void Scale_ConstantSeries_IsOneSoMaseStaysFinite() =>
        Assert.That(ForecastScoring.Scale(new double[] { 5, 5, 5, 5 }, 0), Is.EqualTo(1));

    [Test]
    public void ResidualsByStep_SplitsActualMinusForecastPerStep()
    {
        double[] actuals = [0, 1, 2, 3, 4];
        var residuals = ForecastScoring.ResidualsByStep([1, 2], [0.5, 2.5, 2, 2], 2, actuals);

        Assert.That(residuals[0], Is.EqualTo(new[] { 0.5, 0.0 }));
        Assert.That(residuals[1], Is.EqualTo(new[] { -0.5, 1.0 }));
    }
}
