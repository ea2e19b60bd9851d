using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.Hosting.Sources;
using ScaleSets.Sources;

namespace ScaleSets.Extensions.Tests.Hosting.Sources;

[TestFixture]
public sealed class MetricSourceConfigurationTests
{
    private const string Anchor = "\"Model\": { \"Version\": \"v1\", \"ImageReference\": \"golden.vhdx\" },";

    [Test]
    public async Task StartAsync_ConfiguredSource_CreatedWithItsPollingOptionsAndPolled()
    {
        var type = new ConstantSourceType();
        using var fixture = WithSources(type, """[ { "Type": "constant", "Interval": "PT30S", "Timeout": "00:00:05", "MaxRetryAttempts": "0", "Metric": "QueueLength", "Value": "7" } ]""");

        await fixture.Host.StartAsync();
        try
        {
            var source = type.Created.Single();
            Assert.That(source.Interval, Is.EqualTo(TimeSpan.FromSeconds(30)));
            fixture.Time.Advance(TimeSpan.FromSeconds(30));
            await WaitForStatusAsync(source);
            Assert.That(source.LastStatus!.Health, Is.EqualTo(MetricSourceHealth.Healthy));
            Assert.That(source.LastStatus.Samples, Is.EqualTo(1), "the engine subscribed and the poll delivered its sample");
        }
        finally
        {
            await fixture.Host.StopAsync();
        }
    }

    [Test]
    public void StartAsync_BadEntries_EveryErrorAtItsConfigurationPath()
    {
        using var fixture = WithSources(new ConstantSourceType(), """
            [
              { "Interval": "PT15S" },
              { "Type": "Nagios" },
              { "Type": "Constant", "Interval": "soon", "Timeout": "-PT1S", "MaxRetryAttempts": "many", "Metric": "Q", "Colour": "blue" },
              { "Type": "Constant", "Value": "seven" }
            ]
            """);

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:0:Type: is required; one of Constant"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:1:Type: 'Nagios' is not a known source type; one of Constant"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:Interval: 'soon' is not a duration"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:Timeout must be positive"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:MaxRetryAttempts: 'many' is not a whole number"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:2:Colour: unknown option of a Constant source"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:3:Value:"));
        Assert.That(ex.Failures, Has.Some.StartsWith("ScaleSets:web:Sources:3:Metric: is required"));
    }

    [Test]
    public void StartAsync_SourcesNotAList_Refused()
    {
        using var fixture = WithSources(new ConstantSourceType(), "\"HAProxy\"");

        var ex = Assert.ThrowsAsync<OptionsValidationException>(() => fixture.Host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.StartsWith("ScaleSets:web:Sources: must be a list of sources"));
    }

    [TestCase("PT15S", 15)]
    [TestCase("PT1M30S", 90)]
    [TestCase("00:00:20", 20)]
    [TestCase(" 00:02:00 ", 120)]
    public void TryParseDuration_IsoOrConstantFormat_Read(string text, int seconds)
    {
        Assert.That(MetricSourceConfiguration.TryParseDuration(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("15s")]
    [TestCase("fifteen")]
    [TestCase("P")]
    [TestCase("")]
    public void TryParseDuration_Garbage_Refused(string text) =>
        Assert.That(MetricSourceConfiguration.TryParseDuration(text, out _), Is.False);

    private static HostFixture WithSources(ConstantSourceType type, string sourcesJson) =>
        new(
            HostFixture.ValidJson.Replace(Anchor, Anchor + "\n\"Sources\": " + sourcesJson + ",", StringComparison.Ordinal),
            configureServices: services => services.AddScaleSets(b => b.AddMetricSourceType(type)));

    private static async Task WaitForStatusAsync(PolledMetricSource source)
    {
        // The poll completes on the thread that advanced the fake clock or on a continuation of it; bounded by real time.
        var started = TimeProvider.System.GetTimestamp();
        while (source.LastStatus is null)
        {
            Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(10)), "the poll did not complete");
            await Task.Yield();
        }
    }
}
