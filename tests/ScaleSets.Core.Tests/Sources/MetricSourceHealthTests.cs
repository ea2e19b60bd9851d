using Microsoft.Extensions.Time.Testing;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Policy;
using ScaleSets.Sources;
using static ScaleSets.Tests.Policy.Profiles;

namespace ScaleSets.Tests.Sources;

/// <summary>What the engine does with a source's health: events, missing data, and decisions that name the source.</summary>
[TestFixture]
public sealed class MetricSourceHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public void Engine_SourceFailsThenRecovers_ReportsBoth_AndDecisionsNameTheSourceAndItsError()
    {
        var time = new FakeTimeProvider(T0);
        var failing = false;
        var poller = new ScriptedPoller((_, now, _) => failing
            ? throw new IOException("connection refused by 127.0.0.1:9999")
            : ValueTask.FromResult(MetricPoll.Of(
            [
                new MetricSample("Percentage CPU", MetricSourceKind.Host, 50, now, "vm-0"),
                new MetricSample("Percentage CPU", MetricSourceKind.Host, 50, now, "vm-1"),
            ])));
        using var source = new PolledMetricSource("hyperv host", poller, new PolledMetricSourceOptions { MaxRetryAttempts = 0 }, time);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        var events = new List<AutoscaleEngineEvent>();
        var evaluations = new List<ScaleDecision>();
        using var watchEvents = engine.Events.Subscribe(events.Add);
        using var watchEvaluations = engine.Evaluations.Subscribe(evaluations.Add);
        engine.AddScaleSet("web", CpuSetting(1, 10, 2), 2, [source]);
        using var running = engine.Start();

        Step(time, TimeSpan.FromMinutes(6));
        failing = true;
        Step(time, TimeSpan.FromMinutes(2));
        var duringOutage = evaluations[^1];
        failing = false;
        Step(time, TimeSpan.FromMinutes(2));

        var kinds = events.Select(e => e.Kind).Where(k => k is AutoscaleEngineEventKind.SourceUnavailable or AutoscaleEngineEventKind.SourceRecovered);
        var unavailable = events.Single(e => e.Kind == AutoscaleEngineEventKind.SourceUnavailable);
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.EqualTo(new[] { AutoscaleEngineEventKind.SourceUnavailable, AutoscaleEngineEventKind.SourceRecovered }), "one event per change, not one per failed poll");
            Assert.That(unavailable.Message, Does.Contain("'hyperv host'").And.Contain("connection refused by 127.0.0.1:9999"));
            Assert.That(unavailable.Time, Is.EqualTo(T0 + TimeSpan.FromMinutes(6) + TimeSpan.FromSeconds(15)));
            Assert.That(duringOutage.Rules.Select(r => r.Outcome), Is.All.EqualTo(RuleOutcome.MissingData), "the outage clears the windows at once");
            Assert.That(duringOutage.UnavailableSources.Select(o => o.Source), Is.EqualTo(new[] { "hyperv host" }));
            Assert.That(duringOutage.Explain(), Does.Contain("source 'hyperv host' unavailable since 2026-03-02T08:06:15Z: connection refused by 127.0.0.1:9999"));
            Assert.That(evaluations[^1].UnavailableSources, Is.Empty);
            Assert.That(evaluations[^1].Rules.Select(r => r.Outcome), Has.None.EqualTo(RuleOutcome.MissingData), "data flows again after the recovery");
        });
    }

    [Test]
    public void Engine_SourceReportsProblems_EachIsAnEventNamingTheSource_AndTheSamplesAreKept()
    {
        var time = new FakeTimeProvider(T0);
        var poller = new ScriptedPoller((_, now, _) => ValueTask.FromResult(new MetricPoll(
            [new MetricSample("Percentage CPU", MetricSourceKind.Host, 90, now, "vm-0")],
            ["server 'web-9': value 'x' of qcur is not a number"])));
        using var source = new PolledMetricSource("haproxy web", poller, new PolledMetricSourceOptions(), time);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        var events = new List<AutoscaleEngineEvent>();
        using var watch = engine.Events.Subscribe(events.Add);
        var web = engine.AddScaleSet("web", CpuSetting(1, 10, 1), 1, [source]);
        using var running = engine.Start();

        Step(time, TimeSpan.FromMinutes(6));

        var problems = events.Where(e => e.Kind == AutoscaleEngineEventKind.SourceProblem).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Not.Empty);
            Assert.That(problems[0].Message, Does.Contain("'haproxy web'").And.Contain("web-9").And.Contain("qcur"));
            Assert.That(web.Capacity, Is.GreaterThan(1), "the good samples of the same poll were used");
        });
    }

    [Test]
    public void Engine_PlainObservableSourceRejectsASample_MessageStillNumbersTheSource_NamedSourceIsNamed()
    {
        var time = new FakeTimeProvider(T0);
        var poller = new ScriptedPoller((_, now, _) => ValueTask.FromResult(MetricPoll.Of([new MetricSample("Percentage CPU", MetricSourceKind.Host, 250, now, "vm-0")])));
        using var source = new PolledMetricSource("hyperv host", poller, new PolledMetricSourceOptions(), time);
        using var engine = new AutoscaleEngine(new TimeProviderScheduler(time));
        var events = new List<AutoscaleEngineEvent>();
        using var watch = engine.Events.Subscribe(events.Add);
        engine.AddScaleSet("web", CpuSetting(), 1, [source]);

        Step(time, TimeSpan.FromSeconds(15));

        Assert.That(events.Single(e => e.Kind == AutoscaleEngineEventKind.SampleRejected).Message, Does.Contain("source 'hyperv host'"));
    }

    private static void Step(FakeTimeProvider time, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
