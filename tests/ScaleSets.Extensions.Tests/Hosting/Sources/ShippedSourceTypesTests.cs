using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Sources.Meters;

namespace ScaleSets.Extensions.Tests.Hosting.Sources;

/// <summary>The shipped source types from configuration (Prometheus, Meter, HyperV) and their builder extensions in code.</summary>
[TestFixture]
public sealed class ShippedSourceTypesTests
{
    private const string Anchor = "\"Model\": { \"Version\": \"v1\", \"ImageReference\": \"golden.vhdx\" },";

    [Test]
    public async Task StartAsync_MeterEntry_ReadsTheApplicationsInstrumentAtEachInterval()
    {
        using var meter = new Meter("app." + Guid.NewGuid().ToString("N"));
        var observed = 0;
        meter.CreateObservableGauge("orders.queue.length", () =>
        {
            Interlocked.Increment(ref observed);
            return 5;
        });
        using var fixture = WithSources($$"""[ { "Type": "meter", "Interval": "PT15S", "Instruments": [ { "MeterName": "{{meter.Name}}", "InstrumentName": "orders.queue.length", "Metric": "QueueLength" } ] } ]""");

        await fixture.Host.StartAsync();
        try
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(15));
            fixture.Time.Advance(TimeSpan.FromSeconds(15));

            Assert.That(Volatile.Read(ref observed), Is.EqualTo(2), "the engine subscribed and the source observed the gauge at each poll");
        }
        finally
        {
            await fixture.Host.StopAsync();
        }
    }

    [Test]
    public void StartAsync_BadShippedEntries_EveryErrorAtItsConfigurationPath()
    {
        using var fixture = WithSources("""
            [
              { "Type": "Prometheus", "Queries": [ { "Metric": "Percentage CPU" } ], "InstanceMatch": "Sideways" },
              { "Type": "Prometheus", "ServerUri": "not a uri", "Queries": [ { "Metric": "Q", "Query": "up" } ], "InstanceMatch": "Template" },
              { "Type": "Meter", "Instruments": [ { "InstrumentName": "x", "Percentile": "0" } ] },
              { "Type": "HyperV", "Host": "hv01" }
            ]
            """);

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:InstanceMatch:"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:ServerUri is required"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:Queries:0:Query is required"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:1:ServerUri: 'not a uri' is not an absolute address"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:1:InstanceTemplate is required"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:Instruments:0:MeterName is required"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:Instruments:0:Percentile must be more than 0"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:3:Host: unknown option of a HyperV source"));
        });
    }

    [Test]
    public async Task AddPrometheusMetrics_NothingListening_EngineReportsTheSourceUnavailable()
    {
        var port = FreePort();
        using var fixture = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.AddPrometheusMetrics(o =>
        {
            o.ServerUri = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            o.SourceName = "prometheus web";
            o.Queries.Add(new() { Metric = "Percentage CPU", Query = "up" });
            o.Polling.MaxRetryAttempts = 0;
        }));
        var events = new List<AutoscaleEngineEvent>();
        await fixture.Host.StartAsync();
        try
        {
            using var watch = fixture.Host.Services.GetRequiredService<ScaleSetsRuntime>().EngineEvents.Subscribe(e =>
            {
                lock (events)
                {
                    events.Add(e);
                }
            });
            fixture.Time.Advance(TimeSpan.FromSeconds(15));
            var started = TimeProvider.System.GetTimestamp();
            while (!Unavailable(events))
            {
                Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "no SourceUnavailable event");
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }

            lock (events)
            {
                Assert.That(events.First(e => e.Kind == AutoscaleEngineEventKind.SourceUnavailable).Message, Does.Contain("prometheus web").And.Contains("could not be reached"));
            }
        }
        finally
        {
            await fixture.Host.StopAsync();
        }
    }

    [Test]
    public void AddBuilderExtensions_InvalidOptions_RefusedNamingEveryProblem()
    {
        var services = new ServiceCollection();
        Assert.Multiple(() =>
        {
            Assert.That(
                () => services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddPrometheusMetrics(_ => { }))),
                Throws.ArgumentException.With.Message.Contains("scale set 'web': PrometheusMetricsOptions:ServerUri is required").And.Message.Contains("Queries needs at least one query"));
            Assert.That(
                () => services.AddScaleSets(s => s.AddScaleSet("api", web => web.AddMeterMetrics(o => o.Instruments.Add(new MeterInstrument { MeterName = "m" })))),
                Throws.ArgumentException.With.Message.Contains("scale set 'api': MeterMetricsOptions:Instruments:0:InstrumentName is required"));
            Assert.That(
                () => services.AddScaleSets(s => s.AddScaleSet("db", web => web.AddHyperVHostMetrics(o => o.Polling.Interval = TimeSpan.Zero))),
                Throws.ArgumentException.With.Message.Contains("scale set 'db': HyperVHostMetricsOptions:Polling:Interval must be positive"));
        });
    }

    [Test]
    public async Task AddMeterMetrics_InCode_ReadsTheInstrument()
    {
        using var meter = new Meter("app." + Guid.NewGuid().ToString("N"));
        var observed = 0;
        meter.CreateObservableGauge("jobs", () => Interlocked.Increment(ref observed));
        using var fixture = new HostFixture(HostFixture.ValidJson, configureScaleSet: web => web.AddMeterMetrics(o => o.Instruments.Add(new MeterInstrument { MeterName = meter.Name, InstrumentName = "jobs" })));

        await fixture.Host.StartAsync();
        try
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(15));

            Assert.That(Volatile.Read(ref observed), Is.EqualTo(1));
        }
        finally
        {
            await fixture.Host.StopAsync();
        }
    }

    private static bool Unavailable(List<AutoscaleEngineEvent> events)
    {
        lock (events)
        {
            return events.Any(e => e.Kind == AutoscaleEngineEventKind.SourceUnavailable);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static HostFixture WithSources(string sourcesJson) =>
        new(HostFixture.ValidJson.Replace(Anchor, Anchor + "\n\"Sources\": " + sourcesJson + ",", StringComparison.Ordinal));
}
