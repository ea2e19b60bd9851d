using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class SeriesCleanerTests
{
    [Test]
    public void Clean_OutageZerosInBusySeries_BecomeMissingAndAreReported()
    {
        var series = SyntheticSeries.Generate(500, 100, 0, [], 5);
        for (var t = 200; t < 210; t++)
        {
            series[t] = 0;
        }

        var cleaned = SeriesCleaner.Clean(series);

        Assert.That(cleaned.OutageZeros, Is.EqualTo(10));
        Assert.That(cleaned.Values.Skip(200).Take(10).All(double.IsNaN), Is.True);
        Assert.That(cleaned.Diagnostics.Single(d => d.Kind == ForecastDiagnosticKind.OutageZeros).Index, Is.EqualTo(200));
    }

    [Test]
    public void Clean_ZerosCommonInSeries_AreKept()
    {
        var series = Enumerable.Range(0, 100).Select(t => t % 3 == 0 ? 0.0 : 5.0).ToArray();

        var cleaned = SeriesCleaner.Clean(series);

        Assert.That(cleaned.OutageZeros, Is.Zero);
        Assert.That(cleaned.Values.Count(v => v == 0), Is.EqualTo(34));
    }

    [Test]
    public void Clean_IsolatedSpike_IsClippedAndReported()
    {
        var series = SyntheticSeries.Generate(500, 100, 0, [], 2);
        series[250] = 1000;

        var cleaned = SeriesCleaner.Clean(series);

        Assert.That(cleaned.Spikes, Is.GreaterThanOrEqualTo(1));
        Assert.That(cleaned.Values[250], Is.LessThan(130));
        Assert.That(cleaned.Diagnostics.Select(d => d.Kind), Does.Contain(ForecastDiagnosticKind.Spikes));
    }

    [Test]
    public void Clean_BurstRepeatingEverySeason_IsNotClipped()
    {
        var series = SyntheticSeries.Generate(12 * 100, 30, 0, [], 1);
        for (var t = 0; t < series.Length; t += 12)
        {
            series[t] += 40;
        }

        var cleaned = SeriesCleaner.Clean(series, seasonLength: 12);

        Assert.That(cleaned.Spikes, Is.Zero);
        Assert.That(cleaned.Values[600], Is.EqualTo(series[600]));
    }

    [Test]
    public void Clean_Gaps_AreCountedAndStayMissing()
    {
        double[] series = [1, 2, double.NaN, 4, double.PositiveInfinity, 6, 7, 8];

        var cleaned = SeriesCleaner.Clean(series);

        Assert.That(cleaned.Gaps, Is.EqualTo(2));
        Assert.That(double.IsNaN(cleaned.Values[2]) && double.IsNaN(cleaned.Values[4]), Is.True);
        Assert.That(cleaned.Diagnostics[0].Kind, Is.EqualTo(ForecastDiagnosticKind.Gaps));
    }
}
