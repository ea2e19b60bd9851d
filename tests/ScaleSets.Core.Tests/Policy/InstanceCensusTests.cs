using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Tests.Policy;

/// <summary>Which instances the census counts behind a target-tracking rule's value.</summary>
[TestFixture]
public sealed class InstanceCensusTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static MetricTrigger Cpu(TimeAggregationType aggregation) => new()
    {
        MetricName = "Percentage CPU",
        TimeGrain = TimeSpan.FromMinutes(1),
        TimeWindow = TimeSpan.FromMinutes(5),
        TimeAggregation = aggregation,
    };

    /// <summary>
    /// The last grain's value is measured on the instances that reported in it: twenty instances reported two minutes
    /// ago, ten of them were removed since, and the rule's value (the last minute) comes from the ten that are left.
    /// Counting the twenty made the replica formula multiply a ratio of ten instances by twenty.
    /// </summary>
    [Test]
    public void Count_LastAggregation_CountsOnlyTheInstancesOfTheLastGrain()
    {
        var trigger = Cpu(TimeAggregationType.Last);
        var census = new InstanceCensus([trigger]);
        for (var i = 0; i < 20; i++)
        {
            census.Observe(trigger.MetricName, "vm-" + i.ToString(CultureInfo.InvariantCulture), Start.UtcTicks);
        }

        var later = Start.AddMinutes(2);
        for (var i = 0; i < 10; i++)
        {
            census.Observe(trigger.MetricName, "vm-" + i.ToString(CultureInfo.InvariantCulture), later.UtcTicks);
        }

        var counts = census.Count(trigger, later.AddMinutes(1));

        Assert.That(counts.Reporting, Is.EqualTo(10));
    }

    /// <summary>An average over the window is measured on every instance that reported in the window: all of them count.</summary>
    [Test]
    public void Count_AverageAggregation_CountsEveryInstanceOfTheWindow()
    {
        var trigger = Cpu(TimeAggregationType.Average);
        var census = new InstanceCensus([trigger]);
        for (var i = 0; i < 20; i++)
        {
            census.Observe(trigger.MetricName, "vm-" + i.ToString(CultureInfo.InvariantCulture), Start.UtcTicks);
        }

        var later = Start.AddMinutes(2);
        for (var i = 0; i < 10; i++)
        {
            census.Observe(trigger.MetricName, "vm-" + i.ToString(CultureInfo.InvariantCulture), later.UtcTicks);
        }

        var counts = census.Count(trigger, later.AddMinutes(1));

        Assert.That(counts.Reporting, Is.EqualTo(20));
    }
}
