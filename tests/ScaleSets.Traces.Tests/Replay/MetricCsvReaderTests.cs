using ScaleSets.Metrics;
using ScaleSets.Replay;

namespace ScaleSets.Tests.Replay;

[TestFixture]
public sealed class MetricCsvReaderTests
{
    private static IReadOnlyList<MetricSample> Read(string csv) => MetricCsvReader.Read(new StringReader(csv), "m.csv");

    private static MetricCsvFormatException Fails(string csv) => Assert.Throws<MetricCsvFormatException>(() => Read(csv))!;

    [Test]
    public void Read_ColumnsInAnyOrderAndCase_AreFoundByName()
    {
        var samples = Read("""
            Dimensions,VALUE,resource,metric,Timestamp,instance,source,namespace
            QueueName=orders,12.5,/subs/s1/queues/orders,ApproximateMessageCount,2026-01-01T00:01:00Z,,Custom,microsoft.storage/storageaccounts/queueservices
            """);

        var sample = samples.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sample.Metric, Is.EqualTo("ApproximateMessageCount"));
            Assert.That(sample.Value, Is.EqualTo(12.5));
            Assert.That(sample.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero)));
            Assert.That(sample.Instance, Is.Null);
            Assert.That(sample.Source, Is.EqualTo(MetricSourceKind.Custom));
            Assert.That(sample.Resource, Is.EqualTo("/subs/s1/queues/orders"));
            Assert.That(sample.Namespace, Is.EqualTo("microsoft.storage/storageaccounts/queueservices"));
            Assert.That(sample.Dimensions, Is.EqualTo(new Dictionary<string, string> { ["QueueName"] = "orders" }));
        });
    }

    [Test]
    public void Read_WithoutOptionalColumns_HasNoResourceNamespaceOrDimensions()
    {
        var sample = Read("timestamp,metric,value\n2026-01-01T00:00:00Z,Percentage CPU,40\n").Single();

        Assert.Multiple(() =>
        {
            Assert.That(sample.Resource, Is.Null);
            Assert.That(sample.Namespace, Is.Null);
            Assert.That(sample.Dimensions, Is.Null);
            Assert.That(sample.Source, Is.EqualTo(MetricSourceKind.Host));
        });
    }

    [Test]
    public void Read_EmptyResourceAndDimensions_AreTheScaleSetItselfWithoutDimensions()
    {
        var sample = Read("timestamp,metric,value,resource,dimensions\n2026-01-01T00:00:00Z,cpu,40, ,\n").Single();

        Assert.Multiple(() =>
        {
            Assert.That(sample.Resource, Is.Null);
            Assert.That(sample.Dimensions, Is.Null);
        });
    }

    [Test]
    public void Read_SeveralDimensions_AreCaseInsensitiveAndTrimmed()
    {
        var sample = Read("timestamp,metric,value,dimensions\n2026-01-01T00:00:00Z,cpu,40,\"VMName = cliname1 ; Zone=2;\"\n").Single();

        Assert.Multiple(() =>
        {
            Assert.That(sample.Dimensions!["vmname"], Is.EqualTo("cliname1"));
            Assert.That(sample.Dimensions["ZONE"], Is.EqualTo("2"));
            Assert.That(sample.Dimensions, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Read_EscapedSeparatorsInDimensions_AreLiteral()
    {
        var sample = Read("timestamp,metric,value,dimensions\n2026-01-01T00:00:00Z,cpu,40,a\\=b=x\\;y;path=c:\\\\temp;pad=\\ v\\ \n").Single();

        Assert.Multiple(() =>
        {
            Assert.That(sample.Dimensions!["a=b"], Is.EqualTo("x;y"));
            Assert.That(sample.Dimensions["path"], Is.EqualTo("c:\\temp"));
            Assert.That(sample.Dimensions["pad"], Is.EqualTo(" v "), "escaped spaces survive trimming");
        });
    }

    [TestCase("VMName", "dimension 1 'VMName' in 'VMName' has no '='")]
    [TestCase("=x", "dimension 1 in '=x' has no name before '='")]
    [TestCase("a=1;A=2", "dimension 'A' appears twice in 'a=1;A=2'")]
    [TestCase("a=1\\", "dimensions 'a=1\\' end with a lone '\\'")]
    public void Read_BadDimensions_FailAtFileAndLine(string dimensions, string problem)
    {
        var error = Fails("timestamp,metric,value,dimensions\n2026-01-01T00:00:00Z,cpu,1,ok=1\n2026-01-01T00:00:00Z,cpu,1," + dimensions + "\n");

        Assert.Multiple(() =>
        {
            Assert.That(error.Source, Is.EqualTo("m.csv"));
            Assert.That(error.Line, Is.EqualTo(3));
            Assert.That(error.Problem, Does.StartWith(problem));
            Assert.That(error.Message, Does.StartWith("m.csv:3: "));
        });
    }

    [Test]
    public void Read_UnknownColumn_FailsOnTheHeaderListingTheColumns()
    {
        var error = Fails("timestamp,metric,value,region\n");

        Assert.Multiple(() =>
        {
            Assert.That(error.Line, Is.EqualTo(1));
            Assert.That(error.Problem, Is.EqualTo("unknown column 'region'; expected timestamp,metric,value[,instance][,source][,ready][,resource][,namespace][,dimensions]"));
        });
    }

    [Test]
    public void Read_RepeatedColumn_Fails()
    {
        var error = Fails("timestamp,metric,value,Resource,resource\n");

        Assert.That(error.Problem, Does.StartWith("column 'resource' appears twice"));
    }

    [Test]
    public void Read_MissingRequiredColumns_NamesThem()
    {
        var error = Fails("metric,resource\n");

        Assert.That(error.Problem, Does.StartWith("the header lacks the column(s) timestamp, value;"));
    }

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
        var error = Fails($"timestamp,metric,value\n2026-03-02T08:00:00Z,cpu,1\n{timestamp},cpu,2\n");

        Assert.That(error.Message, Does.StartWith("m.csv:3: timestamp '" + timestamp + "' is not an ISO 8601 timestamp"));
    }

    [Test]
    public void Read_ReadyColumnWithResourceAndDimensions_ReadsBoth()
    {
        const string Csv = "timestamp,metric,value,instance,ready,resource,dimensions\n2026-01-01T00:00:00Z,cpu,40,vm-1,false,/subs/s1/vm,Zone=1\n";

        var sample = Read(Csv).Single();
        var readiness = MetricCsvReader.ReadReadiness(new StringReader(Csv), "m.csv");

        Assert.Multiple(() =>
        {
            Assert.That(sample.Resource, Is.EqualTo("/subs/s1/vm"));
            Assert.That(sample.Dimensions, Is.EqualTo(new Dictionary<string, string> { ["Zone"] = "1" }));
            Assert.That(readiness.Single().Ready, Is.False);
        });
    }
}
