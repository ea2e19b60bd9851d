using System.Globalization;
using ScaleSets.Simulation.Workloads;
using ScaleSets.Traces;

namespace ScaleSets.Simulation.Tests.Simulator;

[TestFixture]
public sealed class WorkloadTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<string> _files = [];

    [TearDown]
    public void DeleteFiles() => _files.ForEach(File.Delete);

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

    [Test]
    public void ReadCsv_OneSecondTraceOfAYearAtFiveMinutes_IsAveragedIntoSteps()
    {
        // A 1-second trace whose own spacing over its year would be 31.5 million intervals, more than a trace may have.
        var path = WriteTrace(Enumerable.Range(0, 600).Select(s => (Start.AddSeconds(s), 3.0))
            .Concat(Enumerable.Range(0, 600).Select(s => (Start.AddDays(365).AddSeconds(s), 6.0))));

        var perInterval = TraceWorkload.ReadCsv(path, null, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(5));
        var perSecond = TraceWorkload.ReadCsv(path, null, WorkloadUnit.PerSecond, TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(perInterval.Step, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(perInterval.Count, Is.EqualTo((365 * 288) + 2));
            Assert.That(perInterval.RequestsPerSecond[0], Is.EqualTo(3.0), "3 requests in each 1-second row are 3 requests/s");
            Assert.That(perInterval.RequestsPerSecond[2], Is.EqualTo(3.0), "a step without rows keeps the last value");
            Assert.That(perInterval.RequestsPerSecond[^1], Is.EqualTo(6.0));
            Assert.That(perSecond.RequestsPerSecond, Is.EqualTo(perInterval.RequestsPerSecond), "a 1-second count is a rate");
        });
    }

    [Test]
    public void ReadCsv_RegularTraceCoarserStep_SameAsReadingAtItsOwnSpacing()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 24 * 60).Select(m => (Start.AddMinutes(m + 3), Math.Round(random.NextDouble() * 100, 1))).ToList();
        var path = WriteTrace(rows);
        var own = TraceCsvReader.ReadFile(path, new TraceCsvOptions { AllowNegativeValues = false });

        var direct = TraceWorkload.ReadCsv(path, null, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(15));
        var viaOwnSpacing = TraceWorkload.FromSeries(Path.GetFileName(path), own, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(15));

        Assert.That(direct.Start, Is.EqualTo(viaOwnSpacing.Start));
        Assert.That(direct.RequestsPerSecond, Is.EqualTo(viaOwnSpacing.RequestsPerSecond).Within(1e-9));
    }

    [Test]
    public void ReadCsv_OneRow_IsTakenToBeAtTheStep()
    {
        var path = WriteTrace([(Start, 600.0)]);

        var workload = TraceWorkload.ReadCsv(path, null, WorkloadUnit.PerInterval, TimeSpan.FromMinutes(5));

        Assert.That(workload.Count, Is.EqualTo(1));
        Assert.That(workload.RequestsPerSecond[0], Is.EqualTo(2.0), "600 requests in a 5-minute step");
    }

    private string WriteTrace(IEnumerable<(DateTimeOffset Time, double Value)> rows)
    {
        var path = Path.Combine(Path.GetTempPath(), "scalesets-trace-" + Guid.NewGuid().ToString("N") + ".csv");
        _files.Add(path);
        File.WriteAllLines(path, rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Time:yyyy-MM-ddTHH:mm:ssZ},{r.Value}")).Prepend("timestamp,value"));
        return path;
    }
}
