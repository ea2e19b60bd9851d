using ScaleSets.Cli.Metrics;
using ScaleSets.Metrics;
using ScaleSets.Replay;

namespace ScaleSets.Tests.Cli;

/// <summary>What <c>scalesets metrics</c> writes, <c>scalesets replay</c> reads back unchanged, dimensions and resource included.</summary>
[TestFixture]
public sealed class MetricCsvWriterTests
{
    [Test]
    public void Write_SamplesWithResourceNamespaceAndDimensions_ReadBackByTheReplayReaderUnchanged()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        MetricSample[] samples =
        [
            new("Requests per second", MetricSourceKind.Application, 41.75, at, "web_000001",
                new Dictionary<string, string> { ["queue"] = "orders;eu=1", ["path"] = @"C:\x, y" }, "/subscriptions/s/queues/orders", "app"),
            new("Percentage CPU", MetricSourceKind.Host, 12.5, at.AddSeconds(15)),
        ];
        using var text = new StringWriter();
        var writer = new MetricCsvWriter(text);
        writer.WriteHeader();
        foreach (var sample in samples)
        {
            writer.Write(sample);
        }

        var read = MetricCsvReader.Read(new StringReader(text.ToString()), "recorded.csv");

        Assert.Multiple(() =>
        {
            Assert.That(writer.Written, Is.EqualTo(2));
            Assert.That(read, Has.Count.EqualTo(2));
            Assert.That((read[0].Metric, read[0].Source, read[0].Value, read[0].Timestamp, read[0].Instance), Is.EqualTo((samples[0].Metric, samples[0].Source, samples[0].Value, samples[0].Timestamp, samples[0].Instance)));
            Assert.That((read[0].Resource, read[0].Namespace), Is.EqualTo(("/subscriptions/s/queues/orders", "app")));
            Assert.That(read[0].Dimensions, Is.EquivalentTo(samples[0].Dimensions!), "a ';', '=' , ',' or '\\' in a dimension survives the round trip");
            Assert.That((read[1].Instance, read[1].Resource, read[1].Namespace), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
            Assert.That(read[1].Dimensions is null || read[1].Dimensions!.Count == 0, Is.True, "no dimensions written, none read");
        });
    }
}
