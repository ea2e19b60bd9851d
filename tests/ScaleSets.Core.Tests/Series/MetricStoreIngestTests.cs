using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreIngestTests
{
    [Test]
    public void Ingest_SampleWithinLateness_IsAccepted()
    {
        var store = Store(Trigger());

        var outcome = store.Ingest(Sample(5.5, 10), At(10), 0);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Read(0, At(10)).Value, Is.EqualTo(10));
        });
    }

    [Test]
    public void Ingest_SampleOlderThanLateness_IsLateAndCounted()
    {
        var store = Store(Trigger());

        var outcome = store.Ingest(Sample(4.9, 10), At(10), 0);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Late));
            Assert.That(store.Count(IngestOutcome.Late), Is.EqualTo(1));
            Assert.That(store.Count(IngestOutcome.Accepted), Is.Zero);
            Assert.That(store.Read(0, At(10)).HasData, Is.False);
        });
    }

    [Test]
    public void Ingest_SampleOlderThanRingKeeps_IsLate()
    {
        // With a huge lateness allowance but no data yet the ring is anchored by the first sample; a sample far older than
        // the ring can hold is refused rather than overwriting newer grains.
        var options = new AutoscaleEngineOptions { MaxSampleLateness = TimeSpan.FromDays(1) };
        var store = Store(options, Trigger(windowMinutes: 5));
        store.IngestNow(Sample(0, 10));
        var capacity = store.GetSeriesCapacity(0);

        var outcome = store.Ingest(Sample(-capacity - 1, 10), At(0), 0);

        Assert.That(outcome, Is.EqualTo(IngestOutcome.Late));
    }

    [Test]
    public void Ingest_SampleWithinClockSkew_IsAcceptedAndCountsWhenGrainCloses()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Total));

        var outcome = store.Ingest(Sample(10.5, 7), At(10), 0);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Read(0, At(10.9)).HasData, Is.False);
            Assert.That(store.Read(0, At(11)).Value, Is.EqualTo(7));
        });
    }

    [Test]
    public void Ingest_SampleBeyondClockSkew_IsInFutureAndCounted()
    {
        var store = Store(Trigger());

        var outcome = store.Ingest(Sample(11.1, 7), At(10), 0);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.InFuture));
            Assert.That(store.Count(IngestOutcome.InFuture), Is.EqualTo(1));
        });
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Ingest_NonFiniteValue_IsNotFiniteAndStoreKeepsWorking(double value)
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Average));

        var rejected = store.IngestNow(Sample(0.2, value));
        var accepted = store.IngestNow(Sample(0.4, 30));

        Assert.Multiple(() =>
        {
            Assert.That(rejected, Is.EqualTo(IngestOutcome.NotFinite));
            Assert.That(accepted, Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Count(IngestOutcome.NotFinite), Is.EqualTo(1));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(30));
        });
    }

    [TestCase(Cpu, 100.5)]
    [TestCase(Cpu, -0.1)]
    [TestCase("Requests", -1)]
    public void Ingest_ValueOutsideMetricRange_IsOutOfRangeAndStoreKeepsWorking(string metric, double value)
    {
        var store = Store(Trigger(metric: metric));

        var rejected = store.IngestNow(Sample(0.2, value, metric: metric));
        var accepted = store.IngestNow(Sample(0.4, 30, metric: metric));

        Assert.Multiple(() =>
        {
            Assert.That(rejected, Is.EqualTo(IngestOutcome.OutOfRange));
            Assert.That(accepted, Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Count(IngestOutcome.OutOfRange), Is.EqualTo(1));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(30));
        });
    }

    [Test]
    public void Ingest_RangeBoundaries_AreInclusive()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0.1, 0)), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0.2, 100)), Is.EqualTo(IngestOutcome.Accepted));
        });
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public void Ingest_NoMetricName_IsMissingMetricName(string? metric)
    {
        var store = Store(Trigger());
        var sample = new MetricSample(metric!, MetricSourceKind.Host, 1, At(0));

        var outcome = store.Ingest(in sample, At(0), 0);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.MissingMetricName));
            Assert.That(store.Count(IngestOutcome.MissingMetricName), Is.EqualTo(1));
        });
    }

    [Test]
    public void Ingest_MetricNoTriggerWants_IsUnmatchedAndCounted()
    {
        var store = Store(Trigger());

        var outcome = store.IngestNow(Sample(0, 1, metric: "Disk Queue"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.Count(IngestOutcome.Unmatched), Is.EqualTo(1));
        });
    }

    [Test]
    public void Ingest_MetricNameInOtherCase_IsMatched()
    {
        var store = Store(Trigger(metric: "Percentage CPU"));

        Assert.That(store.IngestNow(Sample(0, 1, metric: "percentage cpu")), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void Ingest_AlternatingMetricNames_RoutesEachCorrectly()
    {
        // Exercises the last-name cache: switching names must not send a sample to the previous metric's series.
        var store = Store(Trigger(metric: "a", aggregation: TimeAggregationType.Count), Trigger(metric: "b", aggregation: TimeAggregationType.Count));
        for (var i = 0; i < 10; i++)
        {
            store.IngestNow(Sample(0.5, 1, metric: i % 3 == 0 ? "a" : "b"));
        }

        store.IngestNow(Sample(0.5, 1, metric: "c"));
        store.IngestNow(Sample(0.5, 1, metric: "a"));

        Assert.Multiple(() =>
        {
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(5));
            Assert.That(store.Read(1, At(1)).Value, Is.EqualTo(6));
        });
    }

    [Test]
    public void Ingest_SourceFilter_AcceptsOnlyThatSource()
    {
        var store = Store(Trigger(source: MetricSourceKind.Guest, aggregation: TimeAggregationType.Count));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0.1, 1, source: MetricSourceKind.Host)), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(Sample(0.2, 1, source: MetricSourceKind.Guest)), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(1));
        });
    }

    [Test]
    public void Ingest_NegativeSourceIndex_Throws()
    {
        var store = Store(Trigger());

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Ingest(Sample(0, 1), At(0), -1));
    }

    [Test]
    public void Counters_MixedStream_CountEachOutcomeOnce()
    {
        var store = Store(Trigger());
        store.IngestNow(Sample(0, 1));
        store.IngestNow(Sample(0, 1));
        store.IngestNow(Sample(0, double.NaN));
        store.IngestNow(Sample(0, 1, metric: "other"));
        store.Ingest(Sample(0, 1), At(30), 0);

        Assert.Multiple(() =>
        {
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(2));
            Assert.That(store.Count(IngestOutcome.NotFinite), Is.EqualTo(1));
            Assert.That(store.Count(IngestOutcome.Unmatched), Is.EqualTo(1));
            Assert.That(store.Count(IngestOutcome.Late), Is.EqualTo(1));
            Assert.That(Enum.GetValues<IngestOutcome>().Sum(store.Count), Is.EqualTo(5));
        });
    }
}
