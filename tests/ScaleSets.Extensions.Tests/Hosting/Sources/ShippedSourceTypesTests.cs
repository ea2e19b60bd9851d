using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Hosting;
using ScaleSets.Sources.Meters;

namespace ScaleSets.Extensions.Tests.Hosting.Sources;

/// <summary>
/// The hosting package's own source type (Meter) from configuration and in code, and the adapters' types (HAProxy, Prometheus,
/// HyperV) refused at start, naming their hosting package, when the application does not reference it.
/// </summary>
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
    public void StartAsync_BadMeterEntry_EveryErrorAtItsConfigurationPath()
    {
        using var fixture = WithSources("""[ { "Type": "Meter", "Instruments": [ { "InstrumentName": "x", "Percentile": "0" } ] } ]""");

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:Instruments:0:MeterName is required"));
            Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:Instruments:0:Percentile must be more than 0"));
        });
    }

    [Test]
    public void StartAsync_AdapterEntriesWithoutTheirHostingPackages_FailNamingThePackageToAdd()
    {
        // This test project references ScaleSets.Hosting and none of the adapters' hosting packages.
        using var fixture = WithSources("""
            [
              { "Type": "HAProxy", "BackendName": "web" },
              { "Type": "prometheus", "ServerUri": "http://127.0.0.1:9090/" },
              { "Type": "HyperV" }
            ]
            """);

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures, Has.Some.EqualTo("ScaleSets:web:Sources:0:Type: 'HAProxy' sources come with the package ScaleSets.Hosting.HAProxy, which this application does not reference; add it (dotnet add package ScaleSets.Hosting.HAProxy)."));
            Assert.That(ex.Failures, Has.Some.EqualTo("ScaleSets:web:Sources:1:Type: 'prometheus' sources come with the package ScaleSets.Hosting.Prometheus, which this application does not reference; add it (dotnet add package ScaleSets.Hosting.Prometheus)."));
            Assert.That(ex.Failures, Has.Some.EqualTo("ScaleSets:web:Sources:2:Type: 'HyperV' sources come with the package ScaleSets.Hosting.HyperV, which this application does not reference; add it (dotnet add package ScaleSets.Hosting.HyperV)."));
            Assert.That(AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name), Has.None.StartsWith("ScaleSets.Hosting."), "no adapter's hosting package was loaded");
        });
    }

    [Test]
    public void AddMeterMetrics_InvalidOptions_RefusedNamingEveryProblem()
    {
        var services = new ServiceCollection();
        Assert.That(
            () => services.AddScaleSets(s => s.AddScaleSet("api", web => web.AddMeterMetrics(o => o.Instruments.Add(new MeterInstrument { MeterName = "m" })))),
            Throws.ArgumentException.With.Message.Contains("scale set 'api': MeterMetricsOptions:Instruments:0:InstrumentName is required"));
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

    private static HostFixture WithSources(string sourcesJson) =>
        new(HostFixture.ValidJson.Replace(Anchor, Anchor + "\n\"Sources\": " + sourcesJson + ",", StringComparison.Ordinal));
}
