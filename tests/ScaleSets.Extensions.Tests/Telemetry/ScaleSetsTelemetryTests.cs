using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ScaleSets.Control;
using ScaleSets.Extensions.Tests.Hosting;
using ScaleSets.Hosting;
using ScaleSets.Metrics;
using ScaleSets.Telemetry;

namespace ScaleSets.Extensions.Tests.Telemetry;

[TestFixture]
public sealed class ScaleSetsTelemetryTests
{
    [Test]
    public async Task Decisions_LoadRises_CountedByScaleSetDirectionAndReasonAndLogged()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging());
        var meterFactory = fixture.Host.Services.GetRequiredService<IMeterFactory>();
        using var decisions = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.Decisions);
        using var desired = new MetricCollector<int>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.DesiredCapacity);
        using var controllerEvents = new MetricCollector<long>(meterFactory, ScaleSetsInstruments.MeterName, ScaleSetsInstruments.ControllerEvents);
        await fixture.Host.StartAsync();

        await fixture.RunAsync(60, step => step < 20 ? 120.0 : 360.0);
        await fixture.Host.StopAsync();

        var measurements = decisions.GetMeasurementSnapshot();
        var logs = fixture.Host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(measurements, Has.Some.Matches<CollectedMeasurement<long>>(m =>
                m.Tags[ScaleSetsInstruments.ScaleSetTag] as string == "web"
                && m.Tags[ScaleSetsInstruments.DirectionTag] as string == "Out"
                && m.Tags[ScaleSetsInstruments.ReasonTag] as string == "ProfileMinimum"), "the first decision lifts the set to its minimum");
            Assert.That(measurements, Has.Some.Matches<CollectedMeasurement<long>>(m => m.Tags[ScaleSetsInstruments.ReasonTag] as string == "RuleScaleOut"));
            Assert.That(measurements.All(m => m.Tags.Count == 3), Is.True, "only the three low-cardinality tags");
            Assert.That(desired.LastMeasurement?.Value, Is.GreaterThanOrEqualTo(6));
            Assert.That(controllerEvents.GetMeasurementSnapshot(), Has.Some.Matches<CollectedMeasurement<long>>(m =>
                m.Tags[ScaleSetsInstruments.KindTag] as string == nameof(ControllerEventKind.InstanceCreated)));
            Assert.That(logs, Has.Some.Matches<FakeLogRecord>(r => r.Id.Id == 30 && r.Level == LogLevel.Information && r.Message.Contains("Scale set web scales Out from 2 to 4: rule cpu-high Percentage CPU = ", StringComparison.Ordinal)));
            Assert.That(logs, Has.Some.Matches<FakeLogRecord>(r => r.Id.Id == 9 && r.Message == "Scale set web stopped"));
        });
    }

    [Test]
    public async Task ControllerEvents_SetLevelAndWithoutCause_LoggedWithoutNullPlaceholders()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging());
        await fixture.Host.StartAsync();

        await fixture.RunAsync(20, _ => 120.0);
        await fixture.Host.StopAsync();

        var logs = fixture.Host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(logs.Where(r => r.Message.Contains("(null)", StringComparison.Ordinal)).Select(r => r.Message), Is.Empty);
            Assert.That(logs, Has.Some.Matches<FakeLogRecord>(r => r.Id.Id == 5 && r.Message.StartsWith("Scale set web CapacityChanged - (cause web#initial)", StringComparison.Ordinal)), "a set-level event names no instance");
        });
    }

    [Test]
    public void Log_ControllerEventWithoutCause_SaysNone()
    {
        var logger = new FakeLogger();

        ScaleSetsTelemetry.Log(logger, new ControllerEvent(DateTimeOffset.UnixEpoch, "web", ControllerEventKind.InstanceAdopted, "vm-1", null, "adopted web_000001"));
        ScaleSetsTelemetry.Log(logger, new ControllerEvent(DateTimeOffset.UnixEpoch, "web", ControllerEventKind.Error, null, null, "listing failed"));

        Assert.That(logger.Collector.GetSnapshot().Select(r => r.Message), Is.EqualTo(new[]
        {
            "Scale set web InstanceAdopted vm-1 (cause none): adopted web_000001",
            "Scale set web Error - (cause none): listing failed",
        }));
    }

    [Test]
    public async Task SampleRejected_NotFiniteValue_CountedAndLoggedAsWarning()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging());
        using var rejected = new MetricCollector<long>(fixture.Host.Services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.SamplesRejected);
        await fixture.Host.StartAsync();

        fixture.Cpu.OnNext(new MetricSample("Percentage CPU", MetricSourceKind.Host, double.NaN, fixture.Time.GetUtcNow(), "web_0"));
        await fixture.Host.StopAsync();

        Assert.That(rejected.GetMeasurementSnapshot().EvaluateAsCounter(), Is.EqualTo(1));
        Assert.That(fixture.Host.Services.GetFakeLogCollector().GetSnapshot(), Has.Some.Matches<FakeLogRecord>(r =>
            r.Level == LogLevel.Warning && r.Message.Contains("not a finite number", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Decisions_AnApplicationObserverThrows_LoggedAsErrorAndTheSetStillScales()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging());
        var runtime = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>();
        using var failing = runtime.Decisions.Subscribe(_ => throw new InvalidOperationException("dashboard bug"));
        await fixture.Host.StartAsync();

        await fixture.RunAsync(60, step => step < 20 ? 120.0 : 360.0);
        await fixture.Host.StopAsync();

        var logs = fixture.Host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(logs, Has.Some.Matches<FakeLogRecord>(r =>
                r.Id.Id == 14 && r.Level == LogLevel.Error && r.Exception is InvalidOperationException
                && r.Message.Contains("observer of Decisions", StringComparison.Ordinal) && r.Message.Contains("dashboard bug", StringComparison.Ordinal)));
            Assert.That(fixture.ReadyInstances(), Has.Count.GreaterThanOrEqualTo(6), "the decisions still reached the controller");
        });
    }

    [Test]
    public async Task ConfigurationReload_InvalidChange_CountedAsRejectedAndLoggedWithItsPath()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddFakeLogging());
        using var updates = new MetricCollector<long>(fixture.Host.Services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.SettingUpdates);
        await fixture.Host.StartAsync();

        fixture.ChangeConfiguration(HostFixture.ValidJson.Replace("\"maximum\": 20", "\"maximum\": 1", StringComparison.Ordinal));
        await fixture.Host.StopAsync();

        Assert.That(updates.LastMeasurement?.Tags[ScaleSetsInstruments.OutcomeTag], Is.EqualTo("rejected"));
        Assert.That(fixture.Host.Services.GetFakeLogCollector().GetSnapshot(), Has.Some.Matches<FakeLogRecord>(r =>
            r.Level == LogLevel.Error && r.Message.Contains("ScaleSets:web:Setting:profiles:0:capacity:maximum", StringComparison.Ordinal)));
    }

    [Test]
    public async Task ConfigurationReload_ValidChange_CountedAsApplied()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson);
        using var updates = new MetricCollector<long>(fixture.Host.Services.GetRequiredService<IMeterFactory>(), ScaleSetsInstruments.MeterName, ScaleSetsInstruments.SettingUpdates);
        await fixture.Host.StartAsync();

        fixture.ChangeConfiguration(HostFixture.ValidJson.Replace("\"maximum\": 20", "\"maximum\": 10", StringComparison.Ordinal));
        await fixture.Host.StopAsync();

        Assert.That(updates.LastMeasurement?.Tags[ScaleSetsInstruments.OutcomeTag], Is.EqualTo("applied"));
    }
}
