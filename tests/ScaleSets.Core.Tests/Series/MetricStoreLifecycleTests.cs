using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreLifecycleTests
{
    [Test]
    public void Constructor_TriggersWithEqualKeys_ShareOneSeries()
    {
        var store = Store(
            Trigger(metric: "Percentage CPU", windowMinutes: 5, dimensions: [Filter("role", DimensionOperator.Equals, "web", "api"), Filter("zone", DimensionOperator.NotEquals, "x")]),
            Trigger(metric: "PERCENTAGE cpu", windowMinutes: 30, aggregation: TimeAggregationType.Maximum, dimensions: [Filter("ZONE", DimensionOperator.NotEquals, "X"), Filter("Role", DimensionOperator.Equals, "API", "web")]));

        Assert.Multiple(() =>
        {
            Assert.That(store.SeriesCount, Is.EqualTo(1));
            Assert.That(store.GetSeries(1), Is.SameAs(store.GetSeries(0)));
        });
    }

    [Test]
    public void Constructor_DifferentGrainOrSource_GetSeparateSeries()
    {
        var store = Store(
            Trigger(grainMinutes: 1),
            Trigger(grainMinutes: 5, windowMinutes: 10),
            Trigger(source: MetricSourceKind.Guest),
            Trigger(dimensions: [Filter("role", DimensionOperator.NotEquals, "web")]));

        Assert.That(store.SeriesCount, Is.EqualTo(4));
    }

    [Test]
    public void Ingest_SharedSeries_OneSampleFeedsEveryTriggerOfTheKey()
    {
        var store = Store(
            Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count),
            Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Maximum),
            Trigger(grainMinutes: 5, windowMinutes: 5, aggregation: TimeAggregationType.Count));

        var outcome = store.IngestNow(Sample(0.5, 30));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(1));
            Assert.That(store.Read(0, At(5)).Value, Is.EqualTo(1));
            Assert.That(store.Read(1, At(5)).Value, Is.EqualTo(30));
            Assert.That(store.Read(2, At(5)).Value, Is.EqualTo(1));
        });
    }

    [Test]
    public void Ingest_InstanceWarmingUp_IsExcludedUntilWarmUpEnds()
    {
        var store = Store(Trigger(windowMinutes: 10, aggregation: TimeAggregationType.Average));
        store.SetWarmingUp("vm-1", At(5));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(2, 100, "vm-1")), Is.EqualTo(IngestOutcome.WarmingUp));
            Assert.That(store.IngestNow(Sample(2, 20, "vm-2")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(5, 40, "vm-1")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Count(IngestOutcome.WarmingUp), Is.EqualTo(1));
            Assert.That(store.Read(0, At(6)).Value, Is.EqualTo(30));
        });
    }

    [Test]
    public void Ingest_LateSampleFromWarmUpPeriod_IsStillExcluded()
    {
        var store = Store(Trigger());
        store.SetWarmingUp("vm-1", At(5));

        var outcome = store.Ingest(Sample(4.5, 100, "vm-1"), At(6), 0);

        Assert.That(outcome, Is.EqualTo(IngestOutcome.WarmingUp));
    }

    [Test]
    public void Ingest_SetLevelSampleWithoutInstance_IsNotAffectedByWarmUp()
    {
        var store = Store(Trigger(metric: "Queue"));
        store.SetWarmingUp("vm-1", At(5));

        Assert.That(store.IngestNow(Sample(1, 7, instance: null, metric: "Queue")), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void ClearWarmingUp_Instance_CountsAtOnce()
    {
        var store = Store(Trigger());
        store.SetWarmingUp("vm-1", At(5));
        store.ClearWarmingUp("vm-1");

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(1, 7, "vm-1")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.WarmingInstanceCount, Is.Zero);
        });
    }

    [Test]
    public void Ingest_AfterWarmUpExpiredBeyondLateness_RemovesEntry()
    {
        var store = Store(Trigger());
        store.SetWarmingUp("vm-1", At(5));
        store.IngestNow(Sample(8, 7, "vm-1"));
        Assert.That(store.WarmingInstanceCount, Is.EqualTo(1), "a sample from the warm-up may still arrive late");

        store.IngestNow(Sample(10.5, 7, "vm-1"));

        Assert.That(store.WarmingInstanceCount, Is.Zero);
    }

    [Test]
    public void SetWarmingUp_ManyInstancesThatNeverReport_ExpiredEntriesAreSwept()
    {
        var store = Store(Trigger());
        for (var i = 0; i < 10_000; i++)
        {
            var minute = i * 0.1;
            store.IngestNow(Sample(minute, 1, "steady"));
            store.SetWarmingUp("vm-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), At(minute + 1));
        }

        // Only warm-ups that ended less than the lateness allowance (5 min = 50 entries) ago can still matter.
        Assert.That(store.WarmingInstanceCount, Is.LessThanOrEqualTo(200));
    }

    [Test]
    public void WarmupSink_InvalidInstanceId_Throws()
    {
        var store = Store(Trigger());

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => store.SetWarmingUp("", At(1)));
            Assert.Throws<ArgumentNullException>(() => store.ClearWarmingUp(null!));
        });
    }

    [Test]
    public void OnSourceTerminated_SeriesFedOnlyByThatSource_IsClearedAtOnce()
    {
        var store = Store(Trigger(metric: "cpu", aggregation: TimeAggregationType.Count), Trigger(metric: "queue", aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1, metric: "cpu"), source: 0);
        store.IngestNow(Sample(0.5, 1, metric: "queue"), source: 0);
        store.IngestNow(Sample(0.6, 1, metric: "queue"), source: 1);
        Assert.That(store.Read(0, At(1)).HasData, Is.True);

        store.OnSourceTerminated(0);

        Assert.Multiple(() =>
        {
            Assert.That(store.Read(0, At(1)).HasData, Is.False);
            Assert.That(store.Read(1, At(1)).Value, Is.EqualTo(2), "the queue series is still fed by live source 1");
        });
    }

    [Test]
    public void OnSourceTerminated_AllFeedingSourcesDead_ClearsSeries()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1), source: 0);
        store.IngestNow(Sample(0.5, 1), source: 1);
        store.OnSourceTerminated(0);
        Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(2));

        store.OnSourceTerminated(1);

        Assert.That(store.Read(0, At(1)).HasData, Is.False);
    }

    [Test]
    public void OnSourceTerminated_LaterSampleFromLiveSource_RefillsNormally()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1), source: 0);
        store.OnSourceTerminated(0);
        Assert.That(store.Read(0, At(1)).HasData, Is.False);

        store.Ingest(Sample(0.7, 1), At(1), 2);

        Assert.That(store.Read(0, At(1.5)).Value, Is.EqualTo(1));
    }

    [Test]
    public void OnSourceTerminated_SourceIndexesFrom63Up_ShareOneBit()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1), source: 100);
        store.IngestNow(Sample(0.5, 1), source: 63);

        store.OnSourceTerminated(70);

        Assert.That(store.Read(0, At(1)).HasData, Is.False);
    }

    [Test]
    public void Reconfigure_SameKeyLargerWindow_KeepsHistory()
    {
        var store = Store(Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count));
        for (var minute = 0; minute < 5; minute++)
        {
            store.IngestNow(Sample(minute + 0.5, 1));
        }

        var before = store.GetSeries(0);
        store.Reconfigure([Trigger(metric: "other"), Trigger(windowMinutes: 10, aggregation: TimeAggregationType.Total)]);

        Assert.Multiple(() =>
        {
            Assert.That(store.GetSeries(1), Is.SameAs(before));
            Assert.That(store.Read(1, At(5)).Value, Is.EqualTo(5));
            Assert.That(store.Read(0, At(5)).HasData, Is.False);
            Assert.That(store.TriggerCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void Reconfigure_WindowShrinksAndGrows_KeepsWhatFits()
    {
        var store = Store(Trigger(windowMinutes: 60, aggregation: TimeAggregationType.Count));
        for (var minute = 0; minute < 60; minute++)
        {
            store.IngestNow(Sample(minute + 0.5, 1));
        }

        var largeCapacity = store.GetSeriesCapacity(0);
        store.Reconfigure([Trigger(windowMinutes: 5, aggregation: TimeAggregationType.Count)]);
        var small = store.Read(0, At(60));
        var smallCapacity = store.GetSeriesCapacity(0);
        store.Reconfigure([Trigger(windowMinutes: 60, aggregation: TimeAggregationType.Count)]);
        var grown = store.Read(0, At(60));

        Assert.Multiple(() =>
        {
            Assert.That(smallCapacity, Is.LessThan(largeCapacity));
            Assert.That(small.Value, Is.EqualTo(5));
            Assert.That(grown.Value, Is.EqualTo(smallCapacity), "only the newest grains the small ring kept survive");
        });
    }

    [Test]
    public void Reconfigure_KeyRemoved_DropsSeries()
    {
        var store = Store(Trigger(metric: "a"), Trigger(metric: "b"));
        store.IngestNow(Sample(0.5, 1, metric: "a"));

        store.Reconfigure([Trigger(metric: "b")]);

        Assert.Multiple(() =>
        {
            Assert.That(store.SeriesCount, Is.EqualTo(1));
            Assert.That(store.IngestNow(Sample(0.6, 1, metric: "a")), Is.EqualTo(IngestOutcome.Unmatched));
        });
    }

    [Test]
    public void Reconfigure_TriggerNeedingTooManyGrains_ThrowsAndLeavesStoreUnchanged()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));
        store.IngestNow(Sample(0.5, 1));

        Assert.Throws<ArgumentException>(() => store.Reconfigure([new MetricTrigger { MetricName = "x", TimeGrain = TimeSpan.FromTicks(1), TimeWindow = TimeSpan.FromHours(1) }]));

        Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(1));
    }

    [Test]
    public void Constructor_TriggersNeedingTooManyGrains_ReportsEachWithItsPath()
    {
        // Whether a trigger is valid is AutoscaleSettingValidator's to say (tests in Configuration/ and Engine/); the store
        // refuses only what its limits make too large: a ring of more than MaxGrainsPerSeries grains.
        var limits = new AutoscaleEngineOptions { MaxSampleLateness = TimeSpan.FromDays(800) }.SampleLimits();
        MetricTrigger[] triggers =
        [
            Trigger(grainMinutes: 5, windowMinutes: 10),
            new MetricTrigger { MetricName = "x", TimeGrain = TimeSpan.FromTicks(1), TimeWindow = TimeSpan.FromHours(1) },
            Trigger(grainMinutes: 1, windowMinutes: 10),
        ];

        var error = Assert.Throws<ArgumentException>(() => _ = new MetricStore(triggers, limits));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("triggers"));
            Assert.That(error.Message, Does.Contain("triggers[1] needs"));
            Assert.That(error.Message, Does.Contain("triggers[2] needs 1152013 grains"), "800 days of lateness in one-minute grains");
            Assert.That(error.Message, Does.Not.Contain("triggers[0]"), "800 days in five-minute grains fit");
        });
    }

    [Test]
    public void Ingest_MillionSamplesOverLongSpan_RingCapacityStaysConstant()
    {
        var store = Store(
            Trigger(windowMinutes: 10, aggregation: TimeAggregationType.Count),
            Trigger(grainMinutes: 5, windowMinutes: 60, aggregation: TimeAggregationType.Average));
        var capacities = (store.GetSeriesCapacity(0), store.GetSeriesCapacity(1));
        string[] instances = ["vm-0", "vm-1", "vm-2", "vm-3"];

        // One sample every 3 seconds: a million samples span about 35 days.
        const int Samples = 1_000_000;
        for (var i = 0; i < Samples; i++)
        {
            var sample = new MetricSample(Cpu, MetricSourceKind.Host, i % 100, T0.AddSeconds(i * 3), instances[i & 3]);
            store.Ingest(in sample, sample.Timestamp, 0);
            if (i % 20 == 0)
            {
                store.Read(0, sample.Timestamp);
                store.Read(1, sample.Timestamp);
            }
        }

        var end = T0.AddSeconds(Samples * 3.0);
        Assert.Multiple(() =>
        {
            Assert.That((store.GetSeriesCapacity(0), store.GetSeriesCapacity(1)), Is.EqualTo(capacities));
            Assert.That(store.GetSeriesCapacity(0), Is.EqualTo(32), "10 window + 5 lateness + 1 skew + 2 grains, rounded up to 32");
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(Samples));
            Assert.That(store.Read(0, end).Value, Is.EqualTo(200), "20 samples a minute for 10 minutes");
        });
    }
}
