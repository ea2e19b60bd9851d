using ScaleSets.Replay;

namespace ScaleSets.Tests.Replay;

[TestFixture]
public sealed class MetricCsvReaderReadinessTests
{
    private const string Csv = """
        timestamp,metric,value,instance,ready
        2026-03-02T08:00:00Z,cpu,10,vm-0,
        2026-03-02T08:00:00Z,cpu,10,vm-1,false
        2026-03-02T08:00:15Z,cpu,10,vm-1,false
        2026-03-02T08:00:30Z,cpu,10,vm-1,true
        2026-03-02T08:00:30Z,cpu,10,vm-0,true
        """;

    [Test]
    public void ReadReadiness_ReadyColumn_ReturnsOnlyTheChanges()
    {
        var changes = MetricCsvReader.ReadReadiness(new StringReader(Csv), "m.csv");

        Assert.That(changes, Is.EqualTo(new[]
        {
            new InstanceReadiness(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "vm-1", false),
            new InstanceReadiness(new DateTimeOffset(2026, 3, 2, 8, 0, 30, TimeSpan.Zero), "vm-1", true),
        }));
    }

    [Test]
    public void Read_ReadyColumn_IsAcceptedAndEveryRowIsASample()
    {
        Assert.That(MetricCsvReader.Read(new StringReader(Csv), "m.csv"), Has.Count.EqualTo(5));
    }

    [Test]
    public void ReadReadiness_NoReadyColumn_ReturnsNothing()
    {
        Assert.That(MetricCsvReader.ReadReadiness(new StringReader("timestamp,metric,value\n2026-03-02T08:00:00Z,cpu,1\n"), "m.csv"), Is.Empty);
    }

    [Test]
    public void ReadReadiness_BadValue_NamesFileAndLine()
    {
        var csv = "timestamp,metric,value,instance,ready\n2026-03-02T08:00:00Z,cpu,1,vm-0,maybe\n";

        var error = Assert.Throws<MetricCsvFormatException>(() => MetricCsvReader.ReadReadiness(new StringReader(csv), "m.csv"));

        Assert.That(error!.Message, Is.EqualTo("m.csv:2: ready 'maybe' is not true or false"));
    }

    [Test]
    public void ReadReadiness_SetLevelRow_IsRefused()
    {
        var csv = "timestamp,metric,value,instance,ready\n2026-03-02T08:00:00Z,queue,1,,false\n";

        var error = Assert.Throws<MetricCsvFormatException>(() => MetricCsvReader.ReadReadiness(new StringReader(csv), "m.csv"));

        Assert.That(error!.Line, Is.EqualTo(2));
    }
}
