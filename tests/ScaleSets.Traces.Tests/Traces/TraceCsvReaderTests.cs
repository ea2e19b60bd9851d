using ScaleSets.Traces;

namespace ScaleSets.Tests.Traces;

[TestFixture]
public sealed class TraceCsvReaderTests
{
    private static TraceSeries Read(string csv, TraceCsvOptions? options = null) =>
        TraceCsvReader.Read(new StringReader(csv), "test.csv", options);

    [Test]
    public void Read_RegularTrace_KeepsValuesAndInfersInterval()
    {
        var series = Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:05:00Z,2.5\n2024-01-01T00:10:00Z,4\n");

        Assert.That(series.Interval, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(series.Start, Is.EqualTo(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(series.Values, Is.EqualTo(new[] { 1, 2.5, 4 }));
    }

    [Test]
    public void Read_EmptyAndNaValues_AreGaps()
    {
        var series = Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,\n2024-01-01T00:02:00Z,NA\n2024-01-01T00:03:00Z,2\n");

        Assert.That(series.Count, Is.EqualTo(4));
        Assert.That(double.IsNaN(series.Values[1]) && double.IsNaN(series.Values[2]), Is.True);
        Assert.That(series.GapCount, Is.EqualTo(2));
    }

    [Test]
    public void Read_MissingRows_BecomeNaNIntervals()
    {
        var series = Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,2\n2024-01-01T00:04:00Z,5\n");

        Assert.That(series.Count, Is.EqualTo(5));
        Assert.That(series.Values[0], Is.EqualTo(1));
        Assert.That(double.IsNaN(series.Values[2]) && double.IsNaN(series.Values[3]), Is.True);
        Assert.That(series.Values[4], Is.EqualTo(5));
    }

    [Test]
    public void Read_ResampleMean_AveragesEachInterval()
    {
        var csv = "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,3\n2024-01-01T00:05:00Z,10\n2024-01-01T00:07:00Z,NA\n";
        var series = Read(csv, new TraceCsvOptions { Interval = TimeSpan.FromMinutes(5) });

        Assert.That(series.Values, Is.EqualTo(new[] { 2.0, 10.0 }));
    }

    [Test]
    public void Read_ResampleSum_AddsEachInterval()
    {
        var csv = "timestamp,value\n2024-01-01T00:02:00Z,1\n2024-01-01T00:03:00Z,3\n2024-01-01T00:06:00Z,10\n";
        var series = Read(csv, new TraceCsvOptions { Interval = TimeSpan.FromMinutes(5), Aggregation = TraceAggregation.Sum });

        Assert.That(series.Start, Is.EqualTo(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(series.Values, Is.EqualTo(new[] { 4.0, 10.0 }));
    }

    [Test]
    public void Read_NamedColumnsInAnyOrder_AreFound()
    {
        var csv = "host,Requests,time\na,5,2024-01-01T00:00:00+01:00\nb,6,2024-01-01T00:01:00+01:00\n";
        var series = Read(csv, new TraceCsvOptions { ValueColumn = "requests", TimestampColumn = "TIME" });

        Assert.That(series.Values, Is.EqualTo(new[] { 5.0, 6.0 }));
        Assert.That(series.Start, Is.EqualTo(new DateTimeOffset(2023, 12, 31, 23, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Read_BadNumber_NamesFileAndLine()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,abc\n"));

        Assert.That(error!.Message, Does.StartWith("test.csv:3:").And.Contain("'abc'"));
        Assert.That(error.Line, Is.EqualTo(3));
    }

    [Test]
    public void Read_NegativeValue_KeptByDefaultAndRejectedWithFileAndLineWhenNotAllowed()
    {
        const string csv = "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,-2.5\n";

        Assert.That(Read(csv).Values, Is.EqualTo(new[] { 1, -2.5 }));
        var error = Assert.Throws<TraceFormatException>(() => Read(csv, new TraceCsvOptions { AllowNegativeValues = false }));
        Assert.That(error!.Message, Is.EqualTo("test.csv:3: '-2.5' in column 'value' is negative; a load cannot be negative"));
        Assert.That(error.Line, Is.EqualTo(3));
    }

    [TestCase("03/04/2026 00:00")]
    [TestCase("10:00")]
    public void Read_CultureDependentTimestamp_IsRefusedAtItsLine(string timestamp)
    {
        var error = Assert.Throws<TraceFormatException>(() => Read($"timestamp,value\n2026-03-02T00:00:00Z,1\n{timestamp},2\n"));

        Assert.That(error!.Line, Is.EqualTo(3));
        Assert.That(error.Message, Does.StartWith("test.csv:3: '" + timestamp + "' in column 'timestamp' is not an ISO 8601 timestamp"));
    }

    [Test]
    public void Read_OwnSpacingGivesTooManyIntervals_SaysWhichIntervalFits()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:01Z,1\n2024-01-01T00:00:02Z,1\n2025-01-01T00:00:00Z,1\n"));

        Assert.That(error!.Message, Is.EqualTo("test.csv: the trace's own spacing of 00:00:01 gives 31622401 intervals over the trace's 366.00:00:00, more than 20000000; an interval of at least 00:00:02 fits"));
    }

    [Test]
    public void Read_ResampledToTooManyIntervals_SaysWhichIntervalFits()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2024-01-01T00:00:00Z,1\n2025-01-01T00:00:00Z,1\n", new TraceCsvOptions { Interval = TimeSpan.FromSeconds(1) }));

        Assert.That(error!.Message, Does.StartWith("test.csv: resampling to 00:00:01 gives 31622401 intervals").And.EndWith("an interval of at least 00:00:02 fits"));
    }

    [Test]
    public void Read_OneRow_NeedsTheIntervalAndSaysWhy()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2024-01-01T00:00:00Z,1\n"));
        var series = Read("timestamp,value\n2024-01-01T00:00:00Z,1\n", new TraceCsvOptions { Interval = TimeSpan.FromMinutes(5) });

        Assert.That(error!.Message, Is.EqualTo("test.csv: cannot infer the interval from one row; give the interval explicitly"));
        Assert.That(series.Values, Is.EqualTo(new[] { 1.0 }));
    }

    [Test]
    public void Read_RowAtTheEndOfTheCalendar_IsRefusedNotCrashed()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2026-03-02T00:00:00Z,1\n9999-12-31T00:00:00Z,1\n"));

        Assert.That(error!.Message, Does.StartWith("test.csv: the row at 9999-12-31T00:00:00Z is too near the end of the calendar"));
    }

    [Test]
    public void Read_BadTimestamp_NamesFileAndLine()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\nyesterday,1\n"));

        Assert.That(error!.Message, Does.StartWith("test.csv:2:").And.Contain("ISO 8601"));
    }

    [Test]
    public void Read_MissingColumn_NamesTheColumn()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("time,value\n2024-01-01T00:00:00Z,1\n"));

        Assert.That(error!.Message, Does.Contain("no column 'timestamp'").And.StartWith("test.csv:1:"));
    }

    [Test]
    public void Read_ShortRow_NamesFileAndLine()
    {
        var error = Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n2024-01-01T00:00:00Z\n"));

        Assert.That(error!.Message, Does.StartWith("test.csv:2:"));
    }

    [Test]
    public void Read_NoRows_IsAnError()
    {
        Assert.Throws<TraceFormatException>(() => Read("timestamp,value\n"));
    }

    [Test]
    public void ReadFile_PublicElbTrace_IsRegularFiveMinutes()
    {
        var series = TraceCsvReader.ReadFile(TraceFiles.PathOf(TraceFiles.Elb));

        Assert.That(series.Interval, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(series.Count, Is.GreaterThan(4000));
        Assert.That(series.Values.Count(double.IsFinite), Is.EqualTo(4032));
    }
}
