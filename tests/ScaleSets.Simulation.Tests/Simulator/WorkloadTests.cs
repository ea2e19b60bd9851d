using System.Globalization;
using ScaleSets.Simulation.Workloads;
using ScaleSets.Traces;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class WorkloadTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void FromSeries_PerMinuteCountsAtOneMinute_DividedBySixty()
    {
        var series = new TraceSeries(Start, TimeSpan.FromMinutes(1), [60, 120, 180]);
        var workload = TraceWorkload.FromSeries("t", series, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(1));
        Assert.That(workload.RequestsPerSecond, Is.EqualTo(new[] { 1.0, 2.0, 3.0 }));
    }

    [Test]
    public void FromSeries_FiveMinuteTraceAtOneMinute_HoldsEachValueForFiveSteps()
    {
        var series = new TraceSeries(Start, TimeSpan.FromMinutes(5), [300, 600]);
        var workload = TraceWorkload.FromSeries("t", series, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(workload.Count, Is.EqualTo(10));
            Assert.That(workload.RequestsPerSecond.Take(5), Is.All.EqualTo(1.0));
            Assert.That(workload.RequestsPerSecond.Skip(5), Is.All.EqualTo(2.0));
        });
    }

    [Test]
    public void FromSeries_PerSecondRatesAtFiveMinutes_MeanOfTheIntervals()
    {
        var series = new TraceSeries(Start, TimeSpan.FromMinutes(1), [1, 2, 3, 4, 5, 10, 10, 10, 10, 10]);
        var workload = TraceWorkload.FromSeries("t", series, WorkloadUnit.PerSecond, TimeSpan.FromMinutes(5));
        Assert.That(workload.RequestsPerSecond, Is.EqualTo(new[] { 3.0, 10.0 }));
    }

    [Test]
    public void FromSeries_Gaps_FilledWithTheLastValueAndLeadingGapsWithTheFirst()
    {
        var series = new TraceSeries(Start, TimeSpan.FromMinutes(1), [double.NaN, 2, double.NaN, 4]);
        var workload = TraceWorkload.FromSeries("t", series, WorkloadUnit.PerSecond, TimeSpan.FromMinutes(1));
        Assert.That(workload.RequestsPerSecond, Is.EqualTo(new[] { 2.0, 2.0, 2.0, 4.0 }));
    }

    [Test]
    public void FromSeries_OnlyGaps_ThrowsNamingTheTrace()
    {
        var series = new TraceSeries(Start, TimeSpan.FromMinutes(1), [double.NaN, double.NaN]);
        var error = Assert.Throws<ArgumentException>(() => TraceWorkload.FromSeries("empty.csv", series, WorkloadUnit.PerSecond, TimeSpan.FromMinutes(1)));
        Assert.That(error!.Message, Does.Contain("empty.csv").And.Contain("only gaps"));
    }

    [Test]
    public void CommonLogFormat_RequestsCountedPerStepInUtc()
    {
        const string log = """
            199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245
            unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985

            burger.letters.com - - [01/Jul/1995:00:02:11 -0400] "GET /images/NASA-logosmall.gif HTTP/1.0" 304 0
            """;
        var workload = CommonLogFormatReader.Read(new StringReader(log), "access.log", "access.log", TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(workload.Start, Is.EqualTo(new DateTimeOffset(1995, 7, 1, 4, 0, 0, TimeSpan.Zero)));
            Assert.That(workload.RequestsPerSecond, Is.EqualTo(new[] { 2 / 60.0, 0, 1 / 60.0 }));
        });
    }

    [Test]
    public void CommonLogFormat_BadTimestamp_ErrorNamesFileAndLine()
    {
        const string log = """
            a - - [01/Jul/1995:00:00:01 -0400] "GET / HTTP/1.0" 200 1
            b - - [32/Jul/1995:00:00:01 -0400] "GET / HTTP/1.0" 200 1
            """;
        var error = Assert.Throws<TraceFormatException>(() => CommonLogFormatReader.Read(new StringReader(log), "x", "logs/access.log", TimeSpan.FromMinutes(1)));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Line, Is.EqualTo(2));
            Assert.That(error.Message, Does.Contain("logs/access.log"));
        });
    }

    [Test]
    public void Synthetic_SameSeed_SameWorkload_DifferentSeed_Different()
    {
        var a = SyntheticWorkload.Create(SyntheticWorkload.Web, 7);
        var b = SyntheticWorkload.Create("WEB", 7);
        var c = SyntheticWorkload.Create(SyntheticWorkload.Web, 8);
        Assert.Multiple(() =>
        {
            Assert.That(a.Count, Is.EqualTo(7 * 1440));
            Assert.That(a.RequestsPerSecond, Is.EqualTo(b.RequestsPerSecond));
            Assert.That(a.RequestsPerSecond, Is.Not.EqualTo(c.RequestsPerSecond));
            Assert.That(a.RequestsPerSecond, Is.All.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public void Synthetic_Web_HasADailyCycle()
    {
        var w = SyntheticWorkload.Create(SyntheticWorkload.Web, 1);
        double Mean(int fromMinute, int toMinute) => Enumerable.Range(fromMinute, toMinute - fromMinute).Average(t => w.RequestsPerSecond[t]);
        Assert.That(Mean(13 * 60, 15 * 60), Is.GreaterThan(2 * Mean(3 * 60, 5 * 60)), "afternoon well above the night on Monday");
    }

    [Test]
    public void Synthetic_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticWorkload.Create("nope", 1));
        Assert.That(error!.Message, Does.Contain("web").And.Contain("flash-crowd"));
    }

    [Test]
    public void Slice_FromAndTo_KeepsTheStepsInBetween()
    {
        var w = new Workload("w", Start, TimeSpan.FromMinutes(1), [1, 2, 3, 4, 5]);
        var slice = w.Slice(Start.AddMinutes(1), Start.AddMinutes(3));
        Assert.Multiple(() =>
        {
            Assert.That(slice.Start, Is.EqualTo(Start.AddMinutes(1)));
            Assert.That(slice.RequestsPerSecond, Is.EqualTo(new[] { 2.0, 3.0 }));
        });
        Assert.Throws<ArgumentException>(() => w.Slice(Start.AddHours(1), null));
    }

    [Test]
    public void Constructor_NegativeLoad_ThrowsNamingTheStep()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new Workload("w", Start, TimeSpan.FromMinutes(1), [1, -1]));
        Assert.That(error!.Message, Does.Contain("step 1").And.Contain(string.Create(CultureInfo.InvariantCulture, $"{Start.AddMinutes(1):yyyy-MM-ddTHH:mm:ssZ}")));
    }
}
