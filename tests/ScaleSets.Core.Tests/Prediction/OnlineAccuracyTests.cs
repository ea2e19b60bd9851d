using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class OnlineAccuracyTests
{
    [Test]
    public void Mase_ForecastsOneAhead_IsModelErrorOverSeasonalNaiveError()
    {
        var accuracy = new OnlineAccuracy(window: 10, season: 2, maxAhead: 4);
        accuracy.Seed([1, 2]);

        // Grain 0 has no forecast; then each grain's forecast is made one grain before it arrives.
        accuracy.Observe(3);
        accuracy.Forecast(0, 5);
        accuracy.Observe(4);
        accuracy.Forecast(0, 6);
        accuracy.Observe(5);

        // Model errors |4-5|, |5-6|; seasonal naive (two back) errors |4-2|, |5-3|.
        Assert.That(accuracy.Count, Is.EqualTo(2));
        Assert.That(accuracy.Mase, Is.EqualTo(2.0 / 4).Within(1e-12));
    }

    [Test]
    public void Mase_BeforeAnyComparison_IsNaN() =>
        Assert.That(double.IsNaN(new OnlineAccuracy(5, 1, 2).Mase), Is.True);

    [Test]
    public void Mase_Window_ForgetsOldErrors()
    {
        var accuracy = new OnlineAccuracy(window: 2, season: 1, maxAhead: 2);
        accuracy.Seed([0]);
        double[] values = [10, 0, 1, 2];
        double[] forecasts = [double.NaN, 100, 1, 2];
        for (var t = 0; t < values.Length; t++)
        {
            if (t > 0)
            {
                accuracy.Forecast(0, forecasts[t]);
            }

            accuracy.Observe(values[t]);
        }

        // Only the last two grains count: model errors 0 and 0 against naive errors 1 and 1.
        Assert.That(accuracy.Mase, Is.EqualTo(0).Within(1e-12));
    }
}
