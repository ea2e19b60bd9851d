using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreAggregationTests
{
    // Grains (1 minute) of the reference stream, per statistic:
    //   minute 0: 10, 30        Average 20, Min 10, Max 30, Sum 40
    //   minute 1: 50            Average 50, Min 50, Max 50, Sum 50
    //   minute 2: (none)        skipped, not a zero
    //   minute 3: 20, 40, 60    Average 40, Min 20, Max 60, Sum 120
    //   minute 4: 15 @4:10, 5 @4:30  Average 10, Min 5, Max 15, Sum 20
    // 8 samples, 4 grains with data; read at 5:00 so the window [0, 5) holds all of them.
    private static readonly (MetricStatistic Statistic, TimeAggregationType Aggregation, double Expected)[] Expectations =
    [
        (MetricStatistic.Average, TimeAggregationType.Average, 30),
        (MetricStatistic.Average, TimeAggregationType.Minimum, 10),
        (MetricStatistic.Average, TimeAggregationType.Maximum, 50),
        (MetricStatistic.Average, TimeAggregationType.Total, 120),
        (MetricStatistic.Average, TimeAggregationType.Count, 8),
        (MetricStatistic.Average, TimeAggregationType.Last, 10),
        (MetricStatistic.Min, TimeAggregationType.Average, 21.25),
        (MetricStatistic.Min, TimeAggregationType.Minimum, 5),
        (MetricStatistic.Min, TimeAggregationType.Maximum, 50),
        (MetricStatistic.Min, TimeAggregationType.Total, 85),
        (MetricStatistic.Min, TimeAggregationType.Count, 8),
        (MetricStatistic.Min, TimeAggregationType.Last, 5),
        (MetricStatistic.Max, TimeAggregationType.Average, 38.75),
        (MetricStatistic.Max, TimeAggregationType.Minimum, 15),
        (MetricStatistic.Max, TimeAggregationType.Maximum, 60),
        (MetricStatistic.Max, TimeAggregationType.Total, 155),
        (MetricStatistic.Max, TimeAggregationType.Count, 8),
        (MetricStatistic.Max, TimeAggregationType.Last, 15),
        (MetricStatistic.Sum, TimeAggregationType.Average, 57.5),
        (MetricStatistic.Sum, TimeAggregationType.Minimum, 20),
        (MetricStatistic.Sum, TimeAggregationType.Maximum, 120),
        (MetricStatistic.Sum, TimeAggregationType.Total, 230),
        (MetricStatistic.Sum, TimeAggregationType.Count, 8),
        (MetricStatistic.Sum, TimeAggregationType.Last, 20),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Expectations.Select(static e => new TestCaseData(e.Statistic, e.Aggregation, e.Expected)
            .SetName($"Read_{e.Statistic}Statistic{e.Aggregation}Aggregation_Is{e.Expected}"));

    [TestCaseSource(nameof(Cases))]
    public void Read_ReferenceStream_MatchesHandComputedValue(MetricStatistic statistic, TimeAggregationType aggregation, double expected)
    {
        var store = Store(Trigger(statistic: statistic, aggregation: aggregation));
        IngestReferenceStream(store);

        var result = store.Read(0, At(5));

        Assert.Multiple(() =>
        {
            Assert.That(result.HasData, Is.True);
            Assert.That(result.Value, Is.EqualTo(expected).Within(1e-12));
            Assert.That(result.SampleCount, Is.EqualTo(8));
            Assert.That(result.GrainsWithData, Is.EqualTo(4));
            Assert.That(result.NewestSample, Is.EqualTo(At(4.5)));
        });
    }

    [Test]
    public void Read_AllCombinationsInOneStore_ShareOneSeriesAndMatchEachExpectation()
    {
        var store = Store([.. Expectations.Select(static e => Trigger(statistic: e.Statistic, aggregation: e.Aggregation))]);
        IngestReferenceStream(store);

        Assert.That(store.SeriesCount, Is.EqualTo(1));
        for (var i = 0; i < Expectations.Length; i++)
        {
            Assert.That(store.Read(i, At(5)).Value, Is.EqualTo(Expectations[i].Expected).Within(1e-12), $"trigger {i}");
        }
    }

    [Test]
    public void Read_LastWithTwoSamplesAtSameTimestamp_TakesLaterArrival()
    {
        var store = Store(Trigger(statistic: MetricStatistic.Average, aggregation: TimeAggregationType.Last));
        store.IngestNow(Sample(0.5, 10, "a"));
        store.IngestNow(Sample(0.5, 30, "b"));

        var bucket = store.GetSeries(0).GetBucket(At(0).UtcTicks / TimeSpan.TicksPerMinute);

        Assert.Multiple(() =>
        {
            Assert.That(bucket.Last, Is.EqualTo(30));
            Assert.That(bucket.Count, Is.EqualTo(2));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(20));
        });
    }

    [Test]
    public void Read_BucketLastValue_FollowsTimestampNotArrival()
    {
        var store = Store(Trigger());
        store.Ingest(Sample(0.75, 7, "a"), At(0.9), 0);
        store.Ingest(Sample(0.25, 3, "b"), At(0.9), 0);

        var bucket = store.GetSeries(0).GetBucket(At(0).UtcTicks / TimeSpan.TicksPerMinute);

        Assert.That(bucket.Last, Is.EqualTo(7));
    }

    internal static void IngestReferenceStream(MetricStore store)
    {
        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0.1, 10, "a")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0.2, 30, "b")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(1.5, 50, "a")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(3.1, 20, "a")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(3.2, 40, "b")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(3.3, 60, "c")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(4 + (10.0 / 60), 15, "a")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(4.5, 5, "b")), Is.EqualTo(IngestOutcome.Accepted));
        });
    }
}
