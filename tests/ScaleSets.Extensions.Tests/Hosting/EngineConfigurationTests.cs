using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using ScaleSets.Engine;
using ScaleSets.Metrics;

namespace ScaleSets.Extensions.Tests.Hosting;

/// <summary>The engine options bound from configuration: validated at start with their paths, the evaluation interval reloaded at run time.</summary>
[TestFixture]
public sealed class EngineConfigurationTests
{
    private const string Engine = """
        "Engine": {
          "EvaluationInterval": "00:01:00",
          "MaxSampleLateness": "00:10:00",
          "MaxClockSkew": "00:00:20",
          "InstanceLimit": 50,
          "PredictiveRefit": "Background",
          "DefaultMetricRange": { "Minimum": -5, "Maximum": 5000 },
          "MetricRanges": { "Queue Length": { "Minimum": 0, "Maximum": 500 } }
        },
        """;

    [Test]
    public void BindEngineConfiguration_ValidSection_TheEngineRunsWithEveryConfiguredOption()
    {
        using var fixture = Fixture(Engine);

        var options = fixture.Host.Services.GetRequiredService<AutoscaleEngine>().Options;

        Assert.Multiple(() =>
        {
            Assert.That(options.EvaluationInterval, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(options.MaxSampleLateness, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(options.MaxClockSkew, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.InstanceLimit, Is.EqualTo(50));
            Assert.That(options.PredictiveRefit, Is.EqualTo(PredictiveRefitMode.Background));
            Assert.That(options.DefaultMetricRange, Is.EqualTo(new MetricValueRange(-5, 5000)));
            Assert.That(options.GetRange("queue length"), Is.EqualTo(new MetricValueRange(0, 500)), "metric names stay case-insensitive");
            Assert.That(options.GetRange("Percentage CPU"), Is.EqualTo(MetricValueRange.Percentage), "built-in ranges stay unless configured");
        });
    }

    [Test]
    public void StartAsync_InvalidEngineOptions_StopsTheHostWithEveryErrorAndItsPath()
    {
        using var fixture = Fixture(Engine
            .Replace("\"00:01:00\"", "\"00:00:00.5000000\"", StringComparison.Ordinal)
            .Replace("\"00:00:20\"", "\"-00:00:20\"", StringComparison.Ordinal)
            .Replace("\"Background\"", "7", StringComparison.Ordinal)
            .Replace("\"Minimum\": 0, \"Maximum\": 500", "\"Minimum\": 10, \"Maximum\": 5", StringComparison.Ordinal));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(error!.Failures, Is.SupersetOf(new[]
        {
            "ScaleSets:Engine:EvaluationInterval: 00:00:00.5000000 must be between 00:00:01 and 01:00:00.",
            "ScaleSets:Engine:MaxClockSkew: -00:00:20 must not be negative.",
            "ScaleSets:Engine:PredictiveRefit: 7 must be Background or Inline.",
            "ScaleSets:Engine:MetricRanges:Queue Length: the minimum 10 must not be above the maximum 5 (and neither may be NaN).",
        }));
        Assert.That(fixture.Cloud.GetInstances("web"), Is.Empty, "nothing started");
    }

    [Test]
    public void StartAsync_UnreadableEngineValue_StopsTheHostNamingTheValuesPath()
    {
        using var fixture = Fixture(Engine.Replace("\"00:10:00\"", "\"ten minutes\"", StringComparison.Ordinal));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(error!.Failures, Has.Some.Contains("ScaleSets:Engine:MaxSampleLateness").And.Contains("ScaleSets:Engine"));
    }

    [Test]
    public void StartAsync_EngineOptionsInCode_ErrorsNameTheOptionsType()
    {
        using var fixture = new HostFixture(HostFixture.ValidJson, services => services.AddScaleSets(b => b.ConfigureEngine(o => o.InstanceLimit = 0)));

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(error!.Failures, Has.Member("AutoscaleEngineOptions:InstanceLimit: 0 must be at least 1."));
    }

    [Test]
    public async Task ConfigurationReload_EvaluationIntervalChanged_NextEvaluationsFallOnTheNewInterval()
    {
        using var fixture = Fixture(Engine, services => services.AddFakeLogging());
        var engine = fixture.Host.Services.GetRequiredService<AutoscaleEngine>();
        var times = new List<DateTimeOffset>();
        using var timings = engine.EvaluationTimings.Subscribe(t => times.Add(t.Time));
        await fixture.Host.StartAsync();
        await fixture.RunAsync(4, _ => 100.0);

        fixture.ChangeConfiguration(Json(Engine.Replace("\"00:01:00\"", "\"00:00:20\"", StringComparison.Ordinal)));
        var changedAt = fixture.Time.GetUtcNow();
        await fixture.RunAsync(4, _ => 100.0);
        await fixture.Host.StopAsync();

        var before = times.Where(t => t <= changedAt).ToList();
        var after = times.Where(t => t > changedAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { HostFixture.Start, HostFixture.Start.AddMinutes(1), HostFixture.Start.AddMinutes(2) }), "every minute up to the change");
            Assert.That(after, Is.EqualTo(Enumerable.Range(1, 6).Select(i => changedAt.AddSeconds(20 * i)).ToArray()), "every 20 seconds after it, the boundary already evaluated not again");
            Assert.That(engine.Options.EvaluationInterval, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(fixture.Host.Services.GetFakeLogCollector().GetSnapshot(), Has.Some.Matches<FakeLogRecord>(r =>
                r.Id.Id == 13 && r.Message == "Engine evaluation interval changed from 00:01:00 to 00:00:20; the next evaluation falls on the new interval"));
        });
    }

    [Test]
    public async Task ConfigurationReload_StartOnlyOptionChanged_LoggedAsNeedingARestartAndNotApplied()
    {
        using var fixture = Fixture(Engine, services => services.AddFakeLogging());
        var engine = fixture.Host.Services.GetRequiredService<AutoscaleEngine>();
        await fixture.Host.StartAsync();

        fixture.ChangeConfiguration(Json(Engine
            .Replace("\"00:10:00\"", "\"00:15:00\"", StringComparison.Ordinal)
            .Replace("\"Background\"", "\"Inline\"", StringComparison.Ordinal)
            .Replace("\"Maximum\": 500", "\"Maximum\": 800", StringComparison.Ordinal)));
        await fixture.Host.StopAsync();

        var warnings = fixture.Host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 12).Select(r => r.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Is.EquivalentTo(new[]
            {
                "Engine option MaxSampleLateness changed in configuration; it takes effect when the host restarts",
                "Engine option PredictiveRefit changed in configuration; it takes effect when the host restarts",
                "Engine option MetricRanges changed in configuration; it takes effect when the host restarts",
            }));
            Assert.That(engine.Options.MaxSampleLateness, Is.EqualTo(TimeSpan.FromMinutes(10)), "the running engine keeps its option");
            Assert.That(engine.Options.GetRange("Queue Length").Maximum, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task ConfigurationReload_InvalidEngineChange_RejectedWithItsPathAndTheIntervalStays()
    {
        using var fixture = Fixture(Engine, services => services.AddFakeLogging());
        var engine = fixture.Host.Services.GetRequiredService<AutoscaleEngine>();
        await fixture.Host.StartAsync();

        fixture.ChangeConfiguration(Json(Engine.Replace("\"00:01:00\"", "\"02:00:00\"", StringComparison.Ordinal)));
        await fixture.Host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(engine.Options.EvaluationInterval, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(fixture.Host.Services.GetFakeLogCollector().GetSnapshot(), Has.Some.Matches<FakeLogRecord>(r =>
                r.Level == LogLevel.Error && r.Message.Contains("ScaleSets:Engine:EvaluationInterval: 02:00:00 must be between", StringComparison.Ordinal)));
        });
    }

    private static string Json(string engine) => HostFixture.ValidJson.Replace("\"ScaleSets\": {", "\"ScaleSets\": {" + engine, StringComparison.Ordinal);

    private static HostFixture Fixture(string engine, Action<IServiceCollection>? configureServices = null) =>
        new(Json(engine), services =>
        {
            configureServices?.Invoke(services);
            services.AddScaleSets(scaleSets => scaleSets.BindEngineConfiguration());
        });
}
