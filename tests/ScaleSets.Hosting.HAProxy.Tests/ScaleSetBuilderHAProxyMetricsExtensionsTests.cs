using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScaleSets.HAProxy;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.Hosting.Sources;
using ScaleSets.Sources;

namespace ScaleSets.Hosting.HAProxy.Tests;

[TestFixture]
public sealed class ScaleSetBuilderHAProxyMetricsExtensionsTests
{
    [Test]
    public void AddHAProxyMetrics_WithTheLoadBalancer_ReadsItsSocketBackendAndPrefix()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddScaleSets(s => s.AddScaleSet("web", web => web
            .AddHAProxyMetrics(o => o.Polling.Interval = TimeSpan.FromSeconds(5))
            .AddHAProxyLoadBalancer(o =>
            {
                o.SocketAddress = "127.0.0.1:9999";
                o.BackendName = "web_back";
                o.ServerNamePrefix = "web-";
            })));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<HAProxyMetricsOptions>>().Get("web");
        var source = provider.GetRequiredKeyedService<PolledMetricSource>("web");

        Assert.Multiple(() =>
        {
            Assert.That(options.SocketAddress, Is.EqualTo("127.0.0.1:9999"));
            Assert.That(options.BackendName, Is.EqualTo("web_back"));
            Assert.That(options.ServerNamePrefix, Is.EqualTo("web-"));
            Assert.That(source.Name, Is.EqualTo("haproxy web_back"));
            Assert.That(source.Interval, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void AddHAProxyMetrics_NoBackend_HostStartFailsNamingTheScaleSet()
    {
        using var fixture = new ScaleSets.Extensions.Tests.Hosting.HostFixture(
            ScaleSets.Extensions.Tests.Hosting.HostFixture.ValidJson,
            configureScaleSet: web => web.AddHAProxyMetrics(o => o.ServerNamePrefix = ""));

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.EqualTo("Scale set 'web', HAProxy metrics: HAProxyMetricsOptions:BackendName: is required (the HAProxy backend to read)."));
        Assert.That(ex.Failures, Has.Some.StartsWith("Scale set 'web', HAProxy metrics: HAProxyMetricsOptions:ServerNamePrefix: is empty."));
    }

    [Test]
    public void HAProxySourceType_EntryOfOnlyItsType_TakesTheLoadBalancersBackend()
    {
        var (provider, entry) = Entry("web", new() { ["Type"] = "haproxy", ["Interval"] = "PT5S" });
        using (provider)
        {
            var registry = provider.GetRequiredService<MetricSourceTypeRegistry>();

            Assert.That(registry.Validate(entry, provider), Is.Empty);
            using var source = (PolledMetricSource)registry.Create(entry, provider);
            Assert.That(source.Name, Is.EqualTo("haproxy web_back"));
            Assert.That(source.Interval, Is.EqualTo(TimeSpan.FromSeconds(5)));
        }
    }

    [Test]
    public void HAProxySourceType_BadOptions_EachAtItsPath()
    {
        var (provider, entry) = Entry("web", new()
        {
            ["Type"] = "HAProxy",
            ["BackendName"] = "web;del server web/x",
            ["SocketAddress"] = "10.0.0.1:9999",
            ["ServerNamePrefix"] = "",
            ["Backend"] = "web",
            ["Interval"] = "PT0S",
        });
        using (provider)
        {
            var problems = provider.GetRequiredService<MetricSourceTypeRegistry>().Validate(entry, provider).ToList();

            Assert.That(problems, Has.Some.StartsWith("ScaleSets:web:Sources:0:BackendName: 'web;del server web/x' holds ';'"));
            Assert.That(problems, Has.Some.StartsWith("ScaleSets:web:Sources:0:SocketAddress: 10.0.0.1:9999 is not a loopback address"));
            Assert.That(problems, Has.Some.StartsWith("ScaleSets:web:Sources:0:ServerNamePrefix: is empty"));
            Assert.That(problems, Has.Some.StartsWith("ScaleSets:web:Sources:0:Backend: unknown option of a HAProxy source; known: Type, Interval"));
            Assert.That(problems, Has.Exactly(1).StartsWith("ScaleSets:web:Sources:0:Interval must be positive"), "the polling options are checked once");
        }
    }

    private static (ServiceProvider Provider, MetricSourceConfiguration Entry) Entry(string scaleSet, Dictionary<string, string?> keys)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(keys.ToDictionary(k => $"ScaleSets:{scaleSet}:Sources:0:{k.Key}", k => k.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        services.AddScaleSets();
        services.Configure<HAProxyLoadBalancerOptions>(scaleSet, o =>
        {
            o.SocketAddress = "/tmp/scalesets-none.sock";
            o.BackendName = "web_back";
        });
        return (services.BuildServiceProvider(), MetricSourceConfiguration.Read(scaleSet, configuration.GetSection($"ScaleSets:{scaleSet}:Sources:0")));
    }
}
