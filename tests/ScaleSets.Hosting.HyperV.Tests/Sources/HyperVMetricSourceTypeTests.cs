using Microsoft.Extensions.Options;
using ScaleSets.Extensions.Tests.Hosting;

namespace ScaleSets.Hosting.HyperV.Tests.Sources;

/// <summary>The <c>HyperV</c> source type from configuration alone: the package referenced, no code calls into it.</summary>
[TestFixture]
public sealed class HyperVMetricSourceTypeTests
{
    [Test]
    public void StartAsync_UnknownKey_ErrorAtItsConfigurationPath()
    {
        using var fixture = WithSources("""[ { "Type": "HyperV", "Host": "hv01" } ]""");

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:Host: unknown option of a HyperV source"));
    }

    private const string Anchor = "\"Model\": { \"Version\": \"v1\", \"ImageReference\": \"golden.vhdx\" },";

    private static HostFixture WithSources(string sourcesJson) =>
        new(HostFixture.ValidJson.Replace(Anchor, Anchor + "\n\"Sources\": " + sourcesJson + ",", StringComparison.Ordinal));
}
