using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Engine;
using ScaleSets.Extensions.Tests.Hosting;

namespace ScaleSets.Hosting.Prometheus.Tests;

/// <summary><c>AddPrometheusMetrics</c>: a source the engine watches, and options refused naming every problem.</summary>
[TestFixture]
public sealed class ScaleSetBuilderPrometheusExtensionsTests
{
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
    public void AddPrometheusMetrics_InvalidOptions_RefusedNamingEveryProblem()
    {
        var services = new ServiceCollection();
        Assert.That(
            () => services.AddScaleSets(s => s.AddScaleSet("web", web => web.AddPrometheusMetrics(_ => { }))),
            Throws.ArgumentException.With.Message.Contains("scale set 'web': PrometheusMetricsOptions:ServerUri is required").And.Message.Contains("Queries needs at least one query"));
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
}
