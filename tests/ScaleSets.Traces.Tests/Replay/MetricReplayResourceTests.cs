using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Replay;

namespace ScaleSets.Tests.Replay;

[TestFixture]
public sealed class MetricReplayResourceTests
{
    private const string Target = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1";
    private const string Orders = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/orders";
    private const string Invoices = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa/services/queue/queues/invoices";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ScaleRule QueueRule(string name, string? resource, ComparisonOperator op, double threshold, ScaleDirection direction, MetricSourceKind? source = null) => new()
    {
        Name = name,
        MetricTrigger = new MetricTrigger
        {
            MetricName = "ApproximateMessageCount",
            MetricResourceUri = resource,
            Source = source,
            TimeGrain = TimeSpan.FromMinutes(1),
            TimeWindow = TimeSpan.FromMinutes(5),
            Operator = op,
            Threshold = threshold,
        },
        ScaleAction = new ScaleAction { Direction = direction, Type = ScaleType.ChangeCount, Value = 1, Cooldown = TimeSpan.FromMinutes(5) },
    };

    private static AutoscaleSetting Setting(params ScaleRule[] rules) => new()
    {
        Name = "queues",
        TargetResourceUri = Target,
        Profiles = [new AutoscaleProfile { Name = "p", Capacity = new ScaleCapacity { Minimum = 1, Maximum = 10, Default = 1 }, Rules = [.. rules] }],
    };

    private static IEnumerable<MetricSample> PerMinute(string? resource, double value, int minutes, MetricSourceKind source = MetricSourceKind.Host) =>
        Enumerable.Range(0, minutes).Select(m => new MetricSample("ApproximateMessageCount", source, value, T0.AddMinutes(m).AddSeconds(30), Resource: resource));

    [Test]
    public void Run_TwoQueuesOneMetricName_EachRuleSeesItsQueue()
    {
        // The orders queue is long, the invoices queue empty: only the orders rule may scale out, and the invoices rule
        // sees its own empty queue, so the two never average into one series.
        var setting = Setting(
            QueueRule("orders-out", Orders, ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase),
            QueueRule("invoices-out", Invoices, ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase));
        var samples = PerMinute(Orders, 500, 10).Concat(PerMinute(Invoices, 0, 10));

        var decisions = MetricReplay.Run(setting, samples, new ReplayOptions { EveryEvaluation = true, To = T0.AddMinutes(9) });

        var first = decisions.First(d => d.IsAction);
        Assert.Multiple(() =>
        {
            Assert.That(first.Rules[first.ActingRule].Name, Is.EqualTo("orders-out"));
            Assert.That(first.Rules[0].Observed, Is.EqualTo(500));
            Assert.That(first.Rules[1].Observed, Is.EqualTo(0));
            Assert.That(first.Rules[1].Outcome, Is.EqualTo(RuleOutcome.NotMet));
        });
    }

    [Test]
    public void Run_QueueRuleFedOnlyByAnotherQueue_ExplainsWhatItWaitedFor()
    {
        var setting = Setting(QueueRule("invoices-in", Invoices, ComparisonOperator.LessThan, 10, ScaleDirection.Decrease));

        var decisions = MetricReplay.Run(setting, PerMinute(Orders, 0, 10), new ReplayOptions { EveryEvaluation = true, InitialCapacity = 3, To = T0.AddMinutes(9) });

        var last = decisions[^1];
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Any(d => d.IsAction), Is.False, "a queue it cannot see never scales the set in");
            Assert.That(last.Rules[0].Outcome, Is.EqualTo(RuleOutcome.MissingData));
            Assert.That(last.Rules[0].WaitingFor, Does.Contain($"of resource '{Invoices}'"));
            Assert.That(last.Rules[0].WaitingFor, Does.Contain($"the last one is of resource '{Orders}'"));
            Assert.That(last.Explain(), Does.Contain("no data for rule 'invoices-in' (waiting for metric 'ApproximateMessageCount'"));
        });
    }

    [Test]
    public void Run_RowsLabelledWithTheWrongSource_ExplainTheSourceThatArrived()
    {
        // Azure maps a storage queue's metric to source Custom; rows recorded as Host are not silently missing.
        var setting = Setting(QueueRule("orders-out", Orders, ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase, MetricSourceKind.Custom));

        var decisions = MetricReplay.Run(setting, PerMinute(Orders, 500, 10, MetricSourceKind.Host), new ReplayOptions { EveryEvaluation = true, To = T0.AddMinutes(9) });

        var last = decisions[^1];
        Assert.Multiple(() =>
        {
            Assert.That(decisions.Any(d => d.IsAction), Is.False);
            Assert.That(last.Rules[0].WaitingFor, Does.StartWith($"metric 'ApproximateMessageCount' from source Custom of resource '{Orders}'"));
            Assert.That(last.Rules[0].WaitingFor, Does.EndWith("(the last one is from source Host)"));
            Assert.That(last.Explain(), Does.Contain("the last one is from source Host"));
        });
    }

    [Test]
    public void Run_RuleWithDimensionFilterFromCsv_ScalesOnTheMatchingRowsOnly()
    {
        var setting = Setting(QueueRule("orders-out", null, ComparisonOperator.GreaterThan, 100, ScaleDirection.Increase));
        setting.Profiles[0].Rules[0].MetricTrigger.Dimensions = [new MetricDimensionFilter { Name = "QueueName", Operator = DimensionOperator.Equals, Values = ["orders"] }];
        var csv = "timestamp,metric,value,dimensions\n" + string.Concat(Enumerable.Range(0, 10).Select(m =>
            $"2026-01-01T00:{m:00}:30Z,ApproximateMessageCount,500,QueueName=orders\n2026-01-01T00:{m:00}:31Z,ApproximateMessageCount,0,QueueName=invoices\n"));

        var decisions = MetricReplay.Run(setting, MetricCsvReader.Read(new StringReader(csv), "dims.csv"), new ReplayOptions { EveryEvaluation = true, To = T0.AddMinutes(9) });

        var action = decisions.First(d => d.IsAction);
        Assert.Multiple(() =>
        {
            Assert.That(action.Rules[0].Observed, Is.EqualTo(500), "only the orders rows feed the rule");
            Assert.That(action.To, Is.EqualTo(2));
        });
    }
}
