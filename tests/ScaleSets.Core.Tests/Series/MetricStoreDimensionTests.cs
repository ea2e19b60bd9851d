using ScaleSets.Model;
using ScaleSets.Series;
using static ScaleSets.Tests.Series.MetricTestData;

namespace ScaleSets.Tests.Series;

[TestFixture]
public sealed class MetricStoreDimensionTests
{
    private static Dictionary<string, string> Dims(string name, string value) => new(StringComparer.Ordinal) { [name] = value };

    [TestCase("web", true)]
    [TestCase("API", true)]
    [TestCase("worker", false)]
    public void Ingest_EqualsFilter_MatchesListedValuesCaseInsensitively(string role, bool accepted)
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "web", "api")]));

        var outcome = store.IngestNow(Sample(0, 1, dimensions: Dims("role", role)));

        Assert.That(outcome, Is.EqualTo(accepted ? IngestOutcome.Accepted : IngestOutcome.Unmatched));
    }

    [Test]
    public void Ingest_EqualsFilterAndSampleWithoutDimension_IsUnmatched()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "web")]));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0, 1)), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(Sample(0, 1, dimensions: Dims("zone", "web"))), Is.EqualTo(IngestOutcome.Unmatched));
        });
    }

    [TestCase("web", false)]
    [TestCase("WEB", false)]
    [TestCase("worker", true)]
    public void Ingest_NotEqualsFilter_RejectsListedValues(string role, bool accepted)
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.NotEquals, "web")]));

        var outcome = store.IngestNow(Sample(0, 1, dimensions: Dims("role", role)));

        Assert.That(outcome, Is.EqualTo(accepted ? IngestOutcome.Accepted : IngestOutcome.Unmatched));
    }

    [Test]
    public void Ingest_NotEqualsFilterAndSampleWithoutDimension_IsAccepted()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.NotEquals, "web")]));

        Assert.That(store.IngestNow(Sample(0, 1)), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void Ingest_WildcardEquals_MatchesAnyValueButNotMissingDimension()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "*")]));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0, 1, dimensions: Dims("role", "anything"))), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0, 1)), Is.EqualTo(IngestOutcome.Unmatched));
        });
    }

    [Test]
    public void Ingest_WildcardNotEquals_MatchesOnlyMissingDimension()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.NotEquals, "*")]));

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0, 1, dimensions: Dims("role", "anything"))), Is.EqualTo(IngestOutcome.Unmatched));
            Assert.That(store.IngestNow(Sample(0, 1)), Is.EqualTo(IngestOutcome.Accepted));
        });
    }

    [Test]
    public void Ingest_DimensionNameInOtherCase_IsFoundInCaseSensitiveDictionary()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "web")]));

        Assert.That(store.IngestNow(Sample(0, 1, dimensions: Dims("ROLE", "web"))), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void Ingest_DimensionNameInOtherCase_IsFoundInOtherDictionaryTypes()
    {
        var store = Store(Trigger(dimensions: [Filter("role", DimensionOperator.Equals, "web")]));
        var sorted = new SortedList<string, string>(StringComparer.Ordinal) { ["Role"] = "web" };

        Assert.That(store.IngestNow(Sample(0, 1, dimensions: sorted)), Is.EqualTo(IngestOutcome.Accepted));
    }

    [Test]
    public void Ingest_SeveralFilters_AllMustMatch()
    {
        var store = Store(Trigger(dimensions:
        [
            Filter("role", DimensionOperator.Equals, "web"),
            Filter("zone", DimensionOperator.NotEquals, "eu-1"),
        ]));
        var both = new Dictionary<string, string> { ["role"] = "web", ["zone"] = "us-1" };
        var wrongZone = new Dictionary<string, string> { ["role"] = "web", ["zone"] = "eu-1" };

        Assert.Multiple(() =>
        {
            Assert.That(store.IngestNow(Sample(0, 1, dimensions: both)), Is.EqualTo(IngestOutcome.Accepted));
            Assert.That(store.IngestNow(Sample(0, 1, dimensions: wrongZone)), Is.EqualTo(IngestOutcome.Unmatched));
        });
    }

    [Test]
    public void Ingest_FiltersSplitOneMetric_EachSeriesGetsItsOwnSamples()
    {
        var store = Store(
            Trigger(statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total, dimensions: [Filter("role", DimensionOperator.Equals, "web")]),
            Trigger(statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total, dimensions: [Filter("role", DimensionOperator.Equals, "worker")]),
            Trigger(statistic: MetricStatistic.Sum, aggregation: TimeAggregationType.Total));
        store.IngestNow(Sample(0, 10, dimensions: Dims("role", "web")));
        store.IngestNow(Sample(0, 20, dimensions: Dims("role", "worker")));

        Assert.Multiple(() =>
        {
            Assert.That(store.SeriesCount, Is.EqualTo(3));
            Assert.That(store.Read(0, At(1)).Value, Is.EqualTo(10));
            Assert.That(store.Read(1, At(1)).Value, Is.EqualTo(20));
            Assert.That(store.Read(2, At(1)).Value, Is.EqualTo(30));
        });
    }
}
