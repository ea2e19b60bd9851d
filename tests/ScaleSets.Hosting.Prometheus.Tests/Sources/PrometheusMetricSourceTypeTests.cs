using Microsoft.Extensions.Options;
using ScaleSets.Extensions.Tests.Hosting;

namespace ScaleSets.Hosting.Prometheus.Tests.Sources;

/// <summary>The <c>Prometheus</c> source type from configuration alone: the package referenced, no code calls into it.</summary>
[TestFixture]
public sealed class PrometheusMetricSourceTypeTests
{
    [Test]
    public void StartAsync_BadEntries_EveryErrorAtItsConfigurationPath()
    {
        using var fixture = WithSources("""
            [
              { "Type": "Prometheus", "Queries": [ { "Metric": "Percentage CPU" } ], "InstanceMatch": "Sideways" },
              { "Type": "Prometheus", "ServerUri": "not a uri", "Queries": [ { "Metric": "Q", "Query": "up" } ], "InstanceMatch": "Template" }
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
        });
    }

    private const string Anchor = "\"Model\": { \"Version\": \"v1\", \"ImageReference\": \"golden.vhdx\" },";

    private static HostFixture WithSources(string sourcesJson) =>
        new(HostFixture.ValidJson.Replace(Anchor, Anchor + "\n\"Sources\": " + sourcesJson + ",", StringComparison.Ordinal));
}
