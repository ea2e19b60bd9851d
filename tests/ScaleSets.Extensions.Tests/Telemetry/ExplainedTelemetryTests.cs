using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ScaleSets.Extensions.Tests.Hosting;
using ScaleSets.Telemetry;

namespace ScaleSets.Extensions.Tests.Telemetry;

/// <summary>Issue 20 item 3: an action's log line carries its explanation as fields, a limit is not a refusal, rule gauges and the blocked counter.</summary>
[TestFixture]
public sealed class ExplainedTelemetryTests
{
    [Test]
    public async Task RuleAction_LoadRises_LoggedWithRuleObservedThresholdAndFromToAsFields()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = true));
        var meterFactory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var blocked = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.DecisionsBlocked);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(60, step => step < 20 ? 120.0 : 360.0);
        await fixture.Host.StopAsync();

        var logs = fixture.Host.Services.GetFakeLogCollector().GetSnapshot();
        var action = logs.First(r => r.Id.Id == 30);
        string? Field(string name) => action.StructuredState!.First(kv => kv.Key == name).Value;
        Assert.Multiple(() =>
        {
            Assert.That(Field("Rule"), Is.EqualTo("cpu-high"));
            Assert.That(Field("Metric"), Is.EqualTo("Percentage CPU"));
            Assert.That(double.Parse(Field("Observed")!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(70));
            Assert.That(Field("Comparison"), Is.EqualTo(">"));
            Assert.That(Field("Threshold"), Is.EqualTo("70"));
            Assert.That(Field("From"), Is.EqualTo("2"));
            Assert.That(Field("To"), Is.EqualTo("4"));
            Assert.That(logs.Where(r => r.Message.Contains("(null)", StringComparison.Ordinal)).Select(r => r.Message), Is.Empty);
            Assert.That(blocked.GetMeasurementSnapshot(), Has.Some.Matches<CollectedMeasurement<long>>(m =>
                m.Tags[ScaleSetsInstruments.BlockedTag] as string == "Cooldown" && m.Tags[ScaleSetsInstruments.ScaleSetTag] as string == "web"),
                "the rule still wants more during the cooldown of 3 minutes: a refusal, counted with what refused it");
        });
    }

    [Test]
    public async Task AtMinimum_LowLoad_NotPublishedNorCountedAsBlockedOnlyDebug()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging().AddLogging(b => b.SetMinimumLevel(LogLevel.Debug)));
        var meterFactory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var blocked = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.DecisionsBlocked);
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSets.Hosting.ScaleSetsRuntime>();
        var published = new List<Policy.ScaleDecision>();
        using var subscription = runtime.Decisions.Subscribe(published.Add);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(40, _ => 20.0);
        Assert.That(runtime.TryGetStatus("web", out var status), Is.True);
        await fixture.Host.StopAsync();

        var logs = fixture.Host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(status!.Autoscaler.Blocked, Is.EqualTo(Policy.ScaleBlockReason.AtMinimum), "cpu-low is met at the minimum of 2");
            Assert.That(published.Where(d => d.Blocked == Policy.ScaleBlockReason.AtMinimum), Is.Empty, "sitting at the minimum is not a refusal");
            Assert.That(blocked.GetMeasurementSnapshot(), Is.Empty);
            Assert.That(logs.Where(r => r.Level >= LogLevel.Information && r.Message.Contains("wanted", StringComparison.Ordinal)), Is.Empty);
            Assert.That(logs, Has.Some.Matches<FakeLogRecord>(r => r.Id.Id == 2 && r.Level == LogLevel.Debug), "the quiet evaluation is still there at Debug");
        });
    }

    [Test]
    public async Task RuleGauges_AfterEvaluations_ObservedValueAndThresholdPerRuleWithLowCardinalityTags()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        var meterFactory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var observed = new MetricCollector<double>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.RuleObserved);
        using var threshold = new MetricCollector<double>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.RuleThreshold);
        await fixture.Host.StartAsync();
        await fixture.RunAsync(20, _ => 100.0);

        observed.RecordObservableInstruments();
        threshold.RecordObservableInstruments();
        await fixture.Host.StopAsync();

        var values = observed.GetMeasurementSnapshot();
        var thresholds = threshold.GetMeasurementSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(values.Select(m => m.Tags[ScaleSetsInstruments.RuleTag]), Is.EquivalentTo(new[] { "cpu-high", "cpu-low" }));
            Assert.That(values.All(m => m.Tags.Count == 3 && m.Tags[ScaleSetsInstruments.MetricTag] as string == "Percentage CPU"), Is.True);
            Assert.That(values[0].Value, Is.EqualTo(50).Within(0.001), "100 percent of one instance's CPU over the 2 instances");
            Assert.That(thresholds.ToDictionary(m => (string)m.Tags[ScaleSetsInstruments.RuleTag]!, m => m.Value), Is.EqualTo(new Dictionary<string, double> { ["cpu-high"] = 70, ["cpu-low"] = 30 }));
        });
    }
}
