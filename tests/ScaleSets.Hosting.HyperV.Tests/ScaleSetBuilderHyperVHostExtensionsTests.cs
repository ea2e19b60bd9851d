using Microsoft.Extensions.DependencyInjection;

namespace ScaleSets.Hosting.HyperV.Tests;

/// <summary><c>AddHyperVHostMetrics</c>: options refused naming every problem.</summary>
[TestFixture]
public sealed class ScaleSetBuilderHyperVHostExtensionsTests
{
    [Test]
    public void AddHyperVHostMetrics_InvalidOptions_RefusedNamingEveryProblem()
    {
        var services = new ServiceCollection();
        Assert.That(
            () => services.AddScaleSets(s => s.AddScaleSet("db", web => web.AddHyperVHostMetrics(o => o.Polling.Interval = TimeSpan.Zero))),
            Throws.ArgumentException.With.Message.Contains("scale set 'db': HyperVHostMetricsOptions:Polling:Interval must be positive"));
    }
}
