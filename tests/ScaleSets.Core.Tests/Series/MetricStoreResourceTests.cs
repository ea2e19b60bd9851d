using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreResourceTests
{
    private const string Queue = "ApproximateMessageCount";
    private const string Target = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1";
    private const string Queue1 = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/orders";
    private const string Queue2 = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/invoices";

    private static MetricTrigger OnResource(string? resource, string metric = Queue, string? ns = null, MetricSourceKind? source = null)
    {
        var trigger = Trigger(metric: metric, source: source);
        trigger.MetricResourceUri = resource;
        trigger.MetricNamespace = ns;
        return trigger;
    }

    private static MetricSample From(string? resource, double minutes, double value, string metric = Queue, string? ns = null, MetricSourceKind source = MetricSourceKind.Host) =>
        new(metric, source, value, At(minutes), null, null, resource, ns);

    private static MetricStore StoreOf(string? ownResource, params MetricTrigger[] triggers) => new(triggers, new AutoscaleEngineOptions().SampleLimits(), ownResource);

    [Test]
    public void Ingest_TwoResourcesWithOneMetricName_EachTriggerReadsOnlyItsResource()
    {
        var store = StoreOf(Target, OnResource(Queue1), OnResource(Queue2));

        for (var minute = 0; minute < 5; minute++)
        {
            store.IngestNow(From(Queue1, minute + 0.5, 10));
            store.IngestNow(From(Queue2, minute + 0.5, 500));
        }

        Assert.Multiple(() =>
        {
            Assert.That(store.SeriesCount, Is.EqualTo(2));
            Assert.That(store.Read(0, At(5)).Value, Is.EqualTo(10));
            Assert.That(store.Read(1, At(5)).Value, Is.EqualTo(500));
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(10));
        });
    }

    [Test]
    public void Ingest_SampleWithResource_DoesNotFeedTheScaleSetsOwnTrigger()
    {
        var store = StoreOf(Target, OnResource(null));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(From(Queue1, 0.5, 10)), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(From(null, 0.5, 10)), Is.EqualTo(IngestOutcome.Accepted));
        });
    }

    [Test]
    public void Ingest_SampleWithoutResource_DoesNotFeedAnotherResourcesTrigger()
    {
        var store = StoreOf(Target, OnResource(Queue1));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(From(null, 0.5, 10)), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(From(Queue1, 0.5, 10)), Is.EqualTo(IngestOutcome.Accepted));
        });
    }

    [Test]
    public void Ingest_ResourceEqualToTheTarget_IsTheScaleSetItself()
    {
        // Azure's own documents repeat the target as metricResourceUri; samples without a resource must still feed them.
        var store = StoreOf(Target, OnResource(Target, Cpu), OnResource(null, Cpu));

        Assert.Multiple(() =>
        {
            Assert.That(store.SeriesCount, Is.EqualTo(1));
            Assert.That(store.IngestNow(From(null, 0.5, 40, Cpu)), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(From(Target.ToUpperInvariant() + "/", 0.6, 60, Cpu)), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(50));
        });
    }

    [Test]
    public void Ingest_ResourceInOtherCaseWithTrailingSlash_FeedsTheResourcesTrigger()
    {
        var store = StoreOf(null, OnResource(Queue1));

        Assert.That(store.IngestNow(From(" " + Queue1.ToLowerInvariant() + "/", 0.5, 10)), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void Ingest_TriggerNamespace_RejectsOtherNamespacesAndAcceptsSamplesWithout()
    {
        var store = StoreOf(null, OnResource(null, ns: "Mynamespace.abcd"));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(From(null, 0.5, 1, ns: "other.namespace")), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(From(null, 0.5, 1, ns: "MYNAMESPACE.ABCD")), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(From(null, 0.5, 1)), Is.EqualTo(IngestOutcome.Accepted));
        });
    }

    [Test]
    public void Reconfigure_TwoNamespaces_AreTwoSeries()
    {
        var store = StoreOf(null, OnResource(null, ns: "a"), OnResource(null, ns: "b"), OnResource(null, ns: "A"));

        Assert.That(store.SeriesCount, Is.EqualTo(2));
    }

    [Test]
    public void DescribeExpected_NothingArrived_NamesMetricSourceResourceAndDimensions()
    {
        var trigger = OnResource(Queue1, source: MetricSourceKind.Custom, ns: "microsoft.storage/storageaccounts/queueservices");
        trigger.Dimensions = [Filter("QueueName", DimensionOperator.Equals, "orders")];
        var store = StoreOf(Target, trigger);

        Assert.That(
            store.DescribeExpected(0),
            Is.EqualTo($"metric '{Queue}' from source Custom of resource '{Queue1}' in namespace 'microsoft.storage/storageaccounts/queueservices' with QueueName = 'orders'; no sample of that name arrived"));
    }

    [Test]
    public void DescribeExpected_SamplesFromAnotherSource_CountsThemAndNamesTheLastSource()
    {
        var store = StoreOf(null, OnResource(null, Cpu, source: MetricSourceKind.Host));
        store.IngestNow(From(null, 0.5, 1, Cpu, source: MetricSourceKind.Guest));
        store.IngestNow(From(null, 0.6, 1, Cpu, source: MetricSourceKind.Application));

        Assert.That(
            store.DescribeExpected(0),
            Is.EqualTo("metric 'Percentage CPU' from source Host of the scale set itself (no resource); 2 sample(s) of that name did not match (the last one is from source Application)"));
    }

    [Test]
    public void DescribeExpected_SamplesOfAnotherResource_NamesTheResourceThatArrived()
    {
        var store = StoreOf(Target, OnResource(Queue1), OnResource(null));
        store.IngestNow(From(Queue2, 0.5, 1));

        Assert.Multiple(() =>
        {
            Assert.That(store.DescribeExpected(0), Does.EndWith($"1 sample(s) of that name did not match (the last one is of resource '{Queue2}')"));
            Assert.That(store.DescribeExpected(1), Does.EndWith("1 sample(s) of that name did not match (the last one is of resource '" + Queue2 + "')"));
        });
    }

    [Test]
    public void DescribeExpected_SampleWithoutResourceForAResourceTrigger_SaysItIsTheScaleSetsOwn()
    {
        var store = StoreOf(Target, OnResource(Queue1));
        store.IngestNow(From(null, 0.5, 1));

        Assert.That(store.DescribeExpected(0), Does.EndWith("(the last one names no resource, so it is the scale set's own)"));
    }

    [Test]
    public void DescribeExpected_SampleFailingADimension_NamesTheDimensionValue()
    {
        var store = StoreOf(null, Trigger(dimensions: [Filter("VMName", DimensionOperator.Equals, "cliname1", "cliname2")]));
        store.IngestNow(Sample(0.5, 1, dimensions: new Dictionary<string, string> { ["vmname"] = "other" }));

        Assert.That(
            store.DescribeExpected(0),
            Is.EqualTo("metric 'Percentage CPU' from any source of the scale set itself (no resource) with VMName = 'cliname1' or 'cliname2'; 1 sample(s) of that name did not match (the last one has VMName = 'other')"));
    }

    [Test]
    public void Ingest_SamplesWithResources_AllocatesNothing()
    {
        var store = StoreOf(Target, OnResource(Queue1), OnResource(Queue2), OnResource(null));
        var resources = new[] { Queue1, Queue2, null, Target };
        var samples = Enumerable.Range(0, 8_000).Select(i => From(resources[i % 4], i / 60.0, i % 100)).ToArray();
        for (var i = 0; i < 4_000; i++)
        {
            store.Ingest(in samples[i], samples[i].Timestamp, 0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 4_000; i < 8_000; i++)
        {
            store.Ingest(in samples[i], samples[i].Timestamp, 0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(store.Count(IngestOutcome.Accepted), Is.EqualTo(8_000));
        });
    }
}
