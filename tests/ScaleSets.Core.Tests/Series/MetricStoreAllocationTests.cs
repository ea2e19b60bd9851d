using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreAllocationTests
{
    [Test]
    public void Ingest_SteadyState_AllocatesNothing()
    {
        var store = Store(
            Trigger(windowMinutes: 10),
            Trigger(windowMinutes: 10, aggregation: TimeAggregationType.Maximum),
            Trigger(grainMinutes: 5, windowMinutes: 30, statistic: MetricStatistic.Sum),
            Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "web")]));
        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["Role"] = "web" };
        var samples = Enumerable.Range(0, 20_000)
            .Select(i => new MetricSample(Cpu, MetricSourceKind.Host, i % 100, At(i / 60.0), "vm-" + (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? dimensions : null))
            .ToArray();
        Run(store, samples, 0, 10_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(store, samples, 10_000, 20_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(20_000));
        });
    }

    [Test]
    public void Ingest_NameInOtherCaseAfterCachedName_IsRoutedByLookup()
    {
        var store = Store(Trigger(aggregation: TimeAggregationType.Count));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0.1, 1, metric: "Percentage CPU")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0.2, 1, metric: "PERCENTAGE CPU")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0.3, 1, metric: "Percentage CPUs")), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(Sample(0.4, 1, metric: new string("Percentage CPU".AsSpan()))), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(3));
        });
    }

    private static void Run(MetricStore store, MetricSample[] samples, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            store.Ingest(in samples[i], samples[i].Timestamp, i % 3);
            if (i % 60 == 0)
            {
                for (var t = 0; t < store.TriggerCount; t++)
                {
                    store.Read(t, samples[i].Timestamp);
                }
            }
        }
    }
}
