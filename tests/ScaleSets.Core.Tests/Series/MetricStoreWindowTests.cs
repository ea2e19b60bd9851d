using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreWindowTests
{
    [Test]
    public void Read_SampleInOpenGrain_IsNotCountedUntilGrainCompletes()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Total));
        store.IngestNow(Sample(5, 42));

        var open = store.Read(0, At(5.999));
        var closed = store.Read(0, At(6));

        Assert.Multiple(() =>
        {
            Assert.That(open.HasData, Is.False);
            Assert.That(open.Value, Is.NaN);
            Assert.That(closed.HasData, Is.True);
            Assert.That(closed.Value, Is.EqualTo(42));
        });
    }

    [Test]
    public void Read_OldestGrain_LeavesWindowExactlyAfterWindowLength()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Total));
        store.IngestNow(Sample(0, 1));
        store.IngestNow(Sample(4.9, 2));

        var atFive = store.Read(0, At(5.5));
        var atSix = store.Read(0, At(6));

        Assert.Multiple(() =>
        {
            Assert.That(atFive.Value, Is.EqualTo(3));
            Assert.That(atSix.Value, Is.EqualTo(2));
            Assert.That(atSix.GrainsWithData, Is.EqualTo(1));
        });
    }

    [Test]
    public void Read_WindowNotMultipleOfGrain_RoundsUpToWholeGrains()
    {
        // 5-minute grain, 12-minute window: K = ceil(12 / 5) = 3 grains, [0, 15) when read at 15:00.
        var store = Store(Trigger(grainMinutes: 5, windowMinutes: 12, aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0, 1));
        store.IngestNow(Sample(14, 1));

        Assert.Multiple(() =>
        {
            Assert.That(store.Read(0, At(15)).Value, Is.EqualTo(2));
            Assert.That(store.Read(0, At(20)).Value, Is.EqualTo(1));
        });
    }

    [Test]
    public void Read_TimestampsWithOffsets_AreBucketedByUtcTime()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count));
        var plusTwo = TimeSpan.FromHours(2);

        // 02:00:30+02:00 is 00:00:30 UTC (grain 0); 01:59:30-00:00 would be grain 119.
        store.Ingest(new MetricSample(Cpu, MetricSourceKind.Host, 1, At(0.5).ToOffset(plusTwo)), At(0.5), 0);
        store.Ingest(new MetricSample(Cpu, MetricSourceKind.Host, 1, At(1.5).ToOffset(-plusTwo)), At(1.5).ToOffset(plusTwo), 0);

        var result = store.Read(0, At(2).ToOffset(plusTwo));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo(2));
            Assert.That(result.GrainsWithData, Is.EqualTo(2));
        });
    }

    [Test]
    public void Read_MissingGrains_AreSkippedNotZero()
    {
        var store = Store(Trigger(windowMinutes: 10, aggregation: TimeAggregationType.Average));
        store.IngestNow(Sample(1, 40));
        store.IngestNow(Sample(8, 60));

        var result = store.Read(0, At(10));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo(50));
            Assert.That(result.GrainsWithData, Is.EqualTo(2));
        });
    }

    [Test]
    public void Read_EmptyWindowAfterGap_HasNoData()
    {
        var store = Store(Trigger(windowMinutes: 5));
        store.IngestNow(Sample(0, 40));
        Assert.That(store.Read(0, At(1)).HasData, Is.True);

        var result = store.Read(0, At(30));

        Assert.Multiple(() =>
        {
            Assert.That(result.HasData, Is.False);
            Assert.That(result.Value, Is.NaN);
            Assert.That(result.SampleCount, Is.Zero);
            Assert.That(result.GrainsWithData, Is.Zero);
        });
    }

    [Test]
    public void Read_NoSampleEver_HasNoData()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));

        Assert.That(store.Read(0, At(10)).HasData, Is.False);
    }

    [Test]
    public void Read_GapLongerThanWindowThenNewData_ResetsCleanly()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Average));
        store.IngestNow(Sample(0, 100));
        store.Read(0, At(1));
        store.IngestNow(Sample(60, 10));
        store.IngestNow(Sample(61, 20));

        var result = store.Read(0, At(62));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo(15));
            Assert.That(result.SampleCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void Read_LateSampleIntoClosedGrainAfterRead_IsReflected()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Average));
        store.IngestNow(Sample(1.5, 10));
        store.IngestNow(Sample(2.5, 20));
        Assert.That(store.Read(0, At(3)).Value, Is.EqualTo(15));

        // A late sample for minute 1, arriving at 3:10, raises minute 1's grain average to 20.
        Assert.That(store.Ingest(Sample(1.7, 30), At(3 + (10.0 / 60)), 0), Is.EqualTo(IngestOutcome.Accepted));
        var result = store.Read(0, At(3.5));

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo(20));
            Assert.That(result.SampleCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void Read_LateSampleIntoEmptyNewerGrain_BecomesLast()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Last));
        store.IngestNow(Sample(0.5, 10));
        store.IngestNow(Sample(3.5, 30));
        Assert.That(store.Read(0, At(4)).Value, Is.EqualTo(30));

        store.Ingest(Sample(1.5, 20), At(4.2), 0);
        Assert.That(store.Read(0, At(4.2)).Value, Is.EqualTo(30), "an older late grain does not replace the last one");
        store.Ingest(Sample(3.6, 50), At(4.3), 0);

        Assert.That(store.Read(0, At(4.4)).Value, Is.EqualTo(40));
    }

    [Test]
    public void Read_MinimumGrainLeavesWindow_MinimumIsRecomputed()
    {
        var store = Store(Trigger(windowMinutes: 3, aggregation: TimeAggregationType.Minimum));
        store.IngestNow(Sample(0, 1));
        store.IngestNow(Sample(1, 5));
        store.IngestNow(Sample(2, 3));
        Assert.That(store.Read(0, At(3)).Value, Is.EqualTo(1));
        store.IngestNow(Sample(3, 9));

        Assert.Multiple(() =>
        {
            Assert.That(store.Read(0, At(4)).Value, Is.EqualTo(3));
            Assert.That(store.Read(0, At(5)).Value, Is.EqualTo(3));
            Assert.That(store.Read(0, At(6)).Value, Is.EqualTo(9));
        });
    }

    [Test]
    public void Read_MaximumGrainChangedByLateSample_MaximumIsRecomputed()
    {
        var store = Store(Trigger(windowMinutes: 5, statistic: MetricStatistic.Average, aggregation: TimeAggregationType.Maximum));
        store.IngestNow(Sample(1, 90));
        store.IngestNow(Sample(2, 50));
        Assert.That(store.Read(0, At(3)).Value, Is.EqualTo(90));

        // Minute 1's average drops from 90 to 50 ((90 + 10) / 2), so the maximum becomes 50.
        store.Ingest(Sample(1.5, 10), At(3.1), 0);

        Assert.That(store.Read(0, At(3.2)).Value, Is.EqualTo(50));
    }

    [Test]
    public void Read_NothingChanged_ReturnsSameResult()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Average));
        store.IngestNow(Sample(0.5, 10));
        var first = store.Read(0, At(1));
        var version = store.GetSeries(0).Version;

        var second = store.Read(0, At(1.9));

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(store.GetSeries(0).Version, Is.EqualTo(version));
        });
    }

    [Test]
    public void Read_SampleIntoOpenGrainBetweenReads_DoesNotChangeWindow()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 10));
        var first = store.Read(0, At(1.1));
        store.IngestNow(Sample(1.2, 10));

        Assert.That(store.Read(0, At(1.3)), Is.EqualTo(first));
    }

    [Test]
    public void Read_TimeGoesBackwards_RecomputesForEarlierWindow()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1));
        store.IngestNow(Sample(3.5, 1));
        Assert.That(store.Read(0, At(4)).Value, Is.EqualTo(2));

        Assert.That(store.Read(0, At(2)).Value, Is.EqualTo(1));
    }

    [Test]
    public void Read_UnknownTriggerIndex_Throws()
    {
        var store = Store(Trigger());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => store.Read(1, At(1)));

        Assert.That(error!.Message, Does.Contain("index 1"));
    }

    [Test]
    public void Read_ManySlidesWithFractionalValues_StaysCloseToExactAverage()
    {
        // Long sliding exercises the running sums and their periodic rebuild.
        var store = Store(Trigger(windowMinutes: 7, aggregation: TimeAggregationType.Average));
        for (var minute = 0; minute < 20_000; minute++)
        {
            store.IngestNow(Sample(minute + 0.5, (minute % 13) * 0.1 + 0.3));
            var result = store.Read(0, At(minute + 1));
            if (minute >= 6 && minute % 997 == 0)
            {
                var expected = Enumerable.Range(minute - 6, 7).Select(static m => (m % 13) * 0.1 + 0.3).Average();
                Assert.That(result.Value, Is.EqualTo(expected).Within(1e-9), $"minute {minute}");
            }
        }
    }

    [Test]
    public void Read_SumOverflowsToInfinity_ReportsInfinityNotNaN()
    {
        var options = new AutoscaleEngineOptions { DefaultMetricRange = MetricValueRange.AnyFinite };
        var store = Store(options, Trigger(metric: "huge", windowMinutes: 5, statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total));
        store.IngestNow(Sample(0.5, double.MaxValue, metric: "huge"));
        store.IngestNow(Sample(1.5, double.MaxValue, metric: "huge"));
        Assert.That(store.Read(0, At(2)).Value, Is.EqualTo(double.PositiveInfinity));

        var result = store.Read(0, At(6.5));

        Assert.That(result.Value, Is.EqualTo(double.MaxValue));
    }
}
