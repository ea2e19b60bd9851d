using ScaleSets.Prediction;

namespace ScaleSets.Tests.Prediction;

[TestFixture]
public sealed class LevelShiftDetectorTests
{
    [Test]
    public void FindLast_StepUpInSeasonalSeries_FindsItNearTheStep()
    {
        var series = SyntheticSeries.Generate(24 * 20, 100, 0, [(24, 10)], 1);
        for (var t = 300; t < series.Length; t++)
        {
            series[t] += 25;
        }

        var shift = LevelShiftDetector.FindLast(series, 24, 12);

        Assert.That(shift, Is.Not.Null);
        Assert.That(shift!.Value.Index, Is.InRange(295, 310));
        Assert.That(shift.Value.After - shift.Value.Before, Is.EqualTo(25).Within(5));
    }

    [Test]
    public void FindLast_StationarySeasonalSeries_FindsNone()
    {
        var series = SyntheticSeries.Generate(24 * 20, 100, 0, [(24, 10)], 1);

        Assert.That(LevelShiftDetector.FindLast(series, 24, 12), Is.Null);
    }

    [Test]
    public void FindLast_TwoShifts_ReturnsTheLast()
    {
        var series = SyntheticSeries.Generate(600, 50, 0, [], 1);
        for (var t = 150; t < series.Length; t++)
        {
            series[t] += 20;
        }

        for (var t = 450; t < series.Length; t++)
        {
            series[t] -= 40;
        }

        var shift = LevelShiftDetector.FindLast(series, 0, 12);

        Assert.That(shift!.Value.Index, Is.InRange(445, 460));
    }
}
