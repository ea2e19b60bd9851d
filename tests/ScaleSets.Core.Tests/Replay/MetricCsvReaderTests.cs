using ScaleSets.Replay;

namespace ScaleSets.Tests.Replay;

[TestFixture]
public sealed class MetricCsvReaderTests
{
    private static IReadOnlyList<ScaleSets.Metrics.MetricSample> Read(string csv) =>
        MetricCsvReader.Read(new StringReader(csv), "metrics.csv");

    [Test]
    public void Read_IsoTimestamps_ReadAsUtc()
    {
        var samples = Read("timestamp,metric,value\n2026-03-02T08:00:00Z,cpu,1\n2026-03-02T09:00:00+01:00,cpu,2\n2026-03-02T08:00:00,cpu,3\n");

        Assert.That(samples.Select(s => s.Timestamp).Distinct().Single(), Is.EqualTo(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)));
    }

    [TestCase("03/04/2026 00:00")]
    [TestCase("10:00")]
    [TestCase("2026-03-02 08:00:00")]
    public void Read_TimestampNotIso8601_IsRefusedAtItsLine(string timestamp)
    {
        var error = Assert.Throws<MetricCsvFormatException>(() => Read($"timestamp,metric,value\n2026-03-02T08:00:00Z,cpu,1\n{timestamp},cpu,2\n"));

        Assert.That(error!.Message, Does.StartWith("metrics.csv:3: timestamp '" + timestamp + "' is not an ISO 8601 timestamp"));
    }
}
