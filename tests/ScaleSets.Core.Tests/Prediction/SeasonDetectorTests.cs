using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class SeasonDetectorTests
{
    [Test]
    public void Detect_DailySeasonAtFiveMinutes_FindsOneDay()
    {
        var series = SyntheticSeries.Generate(288 * 7, 100, 0.01, [(288, 30)], 5);

        var seasons = SeasonDetector.Detect(series, TimeSpan.FromMinutes(5));

        Assert.That(seasons.Select(s => s.Length), Is.EqualTo(new[] { 288 }));
        Assert.That(seasons[0].Strength, Is.GreaterThan(0.8));
    }

    [Test]
    public void Detect_DailyAndWeeklyHourly_FindsBoth()
    {
        var series = SyntheticSeries.Generate(168 * 6, 100, 0, [(24, 20), (168, 15)], 2);

        var seasons = SeasonDetector.Detect(series, TimeSpan.FromHours(1));

        Assert.That(seasons.Select(s => s.Length), Is.EqualTo(new[] { 24, 168 }));
    }

    [Test]
    public void Detect_UnusualPeriodWithoutGrain_FindsIt()
    {
        var series = SyntheticSeries.Generate(37 * 20, 10, 0, [(37, 4)], 0.5);

        var seasons = SeasonDetector.Detect(series);

        Assert.That(seasons, Has.Count.EqualTo(1));
        Assert.That(seasons[0].Length, Is.InRange(36, 38));
    }

    [Test]
    public void Detect_WhiteNoise_FindsNone()
    {
        var series = SyntheticSeries.Generate(2000, 50, 0, [], 3);

        Assert.That(SeasonDetector.Detect(series, TimeSpan.FromMinutes(5)), Is.Empty);
    }

    [Test]
    public void Detect_RandomWalk_FindsNone()
    {
        var random = new Random(5);
        var series = new double[3000];
        for (var t = 1; t < series.Length; t++)
        {
            series[t] = series[t - 1] + random.NextDouble() - 0.5;
        }

        Assert.That(SeasonDetector.Detect(series, TimeSpan.FromMinutes(5)), Is.Empty);
    }

    [Test]
    public void Detect_SeasonWithGaps_StillFindsIt()
    {
        var series = SyntheticSeries.Generate(24 * 14, 100, 0, [(24, 20)], 2);
        for (var t = 50; t < 80; t++)
        {
            series[t] = double.NaN;
        }

        Assert.That(SeasonDetector.Detect(series, TimeSpan.FromHours(1)).Select(s => s.Length), Is.EqualTo(new[] { 24 }));
    }

    [Test]
    public void Detect_TooShort_FindsNone() =>
        Assert.That(SeasonDetector.Detect(new double[] { 1, 2, 3 }), Is.Empty);
}
