using ScaleSets.Policy;

namespace ScaleSets.Tests.Policy;

[TestFixture]
public sealed class RiseHistogramTests
{
    [Test]
    public void UpperQuantile_Empty_IsOne()
    {
        var histogram = new RiseHistogram(1);

        Assert.That(histogram.UpperQuantile(0, 0.01, out _, out _), Is.EqualTo(1));
    }

    [Test]
    public void UpperQuantile_UniformRises_IsTheHandComputedQuantileWithinOneBin()
    {
        // Ratios 1.001 .. 2.000 (1000 of them, evenly): 1% of them lie above 1.990.
        var histogram = new RiseHistogram(1);
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Add(0, Math.Log(1 + (i / 1000.0)));
        }

        var q99 = histogram.UpperQuantile(0, 0.01, out _, out _);
        var q50 = histogram.UpperQuantile(0, 0.5, out _, out _);
        var max = histogram.UpperQuantile(0, 0, out _, out _);
        Assert.Multiple(() =>
        {
            Assert.That(q99, Is.InRange(1.990, 1.990 * Math.Exp(RiseHistogram.BinWidth)), "the upper edge of the 99% bin");
            Assert.That(q50, Is.InRange(1.500, 1.500 * Math.Exp(RiseHistogram.BinWidth)));
            Assert.That(max, Is.InRange(2.000, 2.000 * Math.Exp(RiseHistogram.BinWidth)), "a tail of 0 is the largest rise seen");
        });
    }

    [Test]
    public void UpperQuantile_FallsAndFlatLoad_IsOne()
    {
        var histogram = new RiseHistogram(1);
        for (var i = 0; i < 500; i++)
        {
            histogram.Add(3, i % 2 == 0 ? 0 : Math.Log(0.8));
        }

        Assert.That(histogram.UpperQuantile(3, 0.01, out _, out _), Is.EqualTo(1), "a load that never rises needs no headroom");
    }

    [Test]
    public void UpperQuantile_TwoLevels_EachAnswersWithItsOwnRises()
    {
        // A small load's rises are relatively larger (a count's noise shrinks relative to its mean as it grows).
        var histogram = new RiseHistogram(1);
        for (var i = 0; i < 1000; i++)
        {
            histogram.Add(RiseHistogram.LevelOf(1.5), Math.Log(3));
            histogram.Add(RiseHistogram.LevelOf(100), Math.Log(1.1));
        }

        Assert.Multiple(() =>
        {
            Assert.That(histogram.UpperQuantile(RiseHistogram.LevelOf(1.5), 0.01, out _, out _), Is.EqualTo(3).Within(0.02));
            Assert.That(histogram.UpperQuantile(RiseHistogram.LevelOf(100), 0.01, out var low, out var high), Is.EqualTo(1.1).Within(0.01));
            Assert.That((low, high), Is.EqualTo((6, 6)), "a level with enough rises is not widened");
        });
    }

    [Test]
    public void UpperQuantile_SparseLevel_WidensToTheNearestLevelsUntilOneRiseIsExpectedAboveIt()
    {
        var histogram = new RiseHistogram(1);
        for (var i = 0; i < 99; i++)
        {
            histogram.Add(4, Math.Log(1.2));
        }

        histogram.Add(5, Math.Log(1.5));

        // Level 5 alone holds one rise: a 1% tail needs 100, so it takes level 4 (its nearer lower neighbour) too.
        var quantile = histogram.UpperQuantile(5, 0.01, out var low, out var high);
        Assert.Multiple(() =>
        {
            Assert.That((low, high), Is.EqualTo((4, 5)));
            Assert.That(quantile, Is.EqualTo(1.2).Within(0.01), "one rise of 100 may lie above the 99% quantile");
        });
    }

    [Test]
    public void UpperQuantile_WithForgetting_FollowsTheRecentRises()
    {
        // Retention 0.99: a rise 1000 observations old weighs e^-10 of the latest.
        var histogram = new RiseHistogram(0.99);
        for (var i = 0; i < 1000; i++)
        {
            histogram.Add(0, Math.Log(2));
        }

        for (var i = 0; i < 1000; i++)
        {
            histogram.Add(0, Math.Log(1.1));
        }

        Assert.Multiple(() =>
        {
            Assert.That(histogram.UpperQuantile(0, 0.01, out _, out _), Is.EqualTo(1.1).Within(0.01));
            Assert.That(histogram.Weight(0), Is.EqualTo(100).Within(1), "about 1 / (1 − retention) observations' worth");
        });
    }

    [Test]
    public void Add_ManyObservationsWithFastForgetting_RescalesWithoutOverflow()
    {
        var histogram = new RiseHistogram(0.5);
        for (var i = 0; i < 5000; i++)
        {
            histogram.Add(0, Math.Log(1.3));
        }

        Assert.Multiple(() =>
        {
            Assert.That(histogram.UpperQuantile(0, 0.1, out _, out _), Is.EqualTo(1.3).Within(0.01));
            Assert.That(double.IsFinite(histogram.Weight(0)), Is.True);
        });
    }
}
