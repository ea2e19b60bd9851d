using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Sources;

namespace ScaleSets.Tests.Sources;

[TestFixture]
public sealed class CounterRateTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void TryGetRate_FirstTotal_NoRate_SecondTotal_IncreasePerSecond()
    {
        var tracker = new CounterRateTracker();

        var first = tracker.TryGetRate("web/req_tot", 1000, T0, out _, out _);
        var second = tracker.TryGetRate("web/req_tot", 1600, T0.AddSeconds(15), out var rate, out var reset);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.False);
            Assert.That(second, Is.True);
            Assert.That(rate, Is.EqualTo(40));
            Assert.That(reset, Is.False);
        });
    }

    [Test]
    public void TryGetRate_CounterReset_CountsTheNewTotalFromZero()
    {
        var tracker = new CounterRateTracker();
        tracker.TryGetRate("k", 1_000_000, T0, out _, out _);

        var known = tracker.TryGetRate("k", 150, T0.AddSeconds(15), out var rate, out var reset);
        tracker.TryGetRate("k", 450, T0.AddSeconds(30), out var after, out _);

        Assert.Multiple(() =>
        {
            Assert.That(known, Is.True);
            Assert.That(reset, Is.True);
            Assert.That(rate, Is.EqualTo(10), "150 requests since the restart, over at most 15 s");
            Assert.That(after, Is.EqualTo(20));
        });
    }

    [Test]
    public void TryGetRate_NoTimePassedOrTimeWentBack_NoRate()
    {
        var tracker = new CounterRateTracker();
        tracker.TryGetRate("k", 10, T0, out _, out _);

        Assert.Multiple(() =>
        {
            Assert.That(tracker.TryGetRate("k", 20, T0, out _, out _), Is.False);
            Assert.That(tracker.TryGetRate("k", 30, T0.AddSeconds(-5), out _, out _), Is.False);
            Assert.That(tracker.TryGetRate("k", 40, T0.AddSeconds(5), out var rate, out _), Is.True);
            Assert.That(rate, Is.EqualTo(1));
        });
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(-1.0)]
    public void TryGetRate_TotalNotACount_IgnoredAndThePreviousTotalKept(double bad)
    {
        var tracker = new CounterRateTracker();
        tracker.TryGetRate("k", 10, T0, out _, out _);

        var known = tracker.TryGetRate("k", bad, T0.AddSeconds(5), out _, out _);
        tracker.TryGetRate("k", 20, T0.AddSeconds(10), out var rate, out _);

        Assert.Multiple(() =>
        {
            Assert.That(known, Is.False);
            Assert.That(rate, Is.EqualTo(1));
        });
    }

    [Test]
    public void Rates_AnySequenceOfTotals_NeverNegativeNorAboveTheIncreaseOverTime()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.Choose(0, 10_000).ArrayOf().ToArbitrary(),
            totals =>
            {
                var tracker = new CounterRateTracker();
                for (var i = 0; i < totals.Length; i++)
                {
                    if (tracker.TryGetRate("k", totals[i], T0.AddSeconds(10 * i), out var rate, out _))
                    {
                        if (rate < 0 || rate > totals[i] / 10.0)
                        {
                            return false;
                        }
                    }
                }

                return true;
            }));
    }

    [Test]
    public void Retain_DropsTheOthers()
    {
        var tracker = new CounterRateTracker();
        tracker.TryGetRate("a", 1, T0, out _, out _);
        tracker.TryGetRate("b", 1, T0, out _, out _);

        tracker.Retain(key => key == "a");

        Assert.That(tracker.Count, Is.EqualTo(1));
    }
}
