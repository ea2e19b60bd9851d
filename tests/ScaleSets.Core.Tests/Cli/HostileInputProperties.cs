using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Forecast;
using ScaleSets.Cli.Simulate;
using ScaleSets.Metrics;
using ScaleSets.Traces;

namespace ScaleSets.Tests.Cli;

/// <summary>
/// Hostile metrics and trace CSVs through the public entry points of <c>replay</c>, <c>simulate</c> and
/// <c>forecast</c> (issue 17, the suite): whatever the file holds, the command ends within a bound with exit code 0 or
/// 1, no exception escapes, and a refusal is one line of <c>scalesets: </c> naming the file (and the line, for a row).
/// </summary>
[TestFixture]
public sealed class HostileInputProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Base = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] HostileTimestamps =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31", "1700-01-01T00:00:00Z", "2400-02-29T00:00:00Z",
        "03/04/2026 00:00", "10:00", "2026-03-02 00:00:00", "2026-13-01T00:00:00Z", "2026-03-02T24:00:00Z", "", " ", "NaN",
        "\"2026-03-02T00:02:00Z\"", "2026-03-02T00:03:00.1234567+14:00", "2026-03-02T00:03:00-23:59", "\u0000", "2026-03-02T00:00:00Z\"x",
        new string('9', 400),
    ];

    private static readonly string[] HostileValues =
    [
        "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "", "abc", "1,5", "\"2\"", "99999999999999999999", "0x10", "-0", "-3",
        "1.7976931348623157E+308", "4.9E-324", "\"", "NA", "\u00a0", "١٢",
    ];

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "scalesets-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Replay_HostileMetricsCsv_EndsWithinTheBoundAndRefusalsNameTheFile() =>
        Check.One(Config, Prop.ForAll(MetricsCsv().ToArbitrary(), csv =>
        {
            var path = Write("metrics.csv", csv);
            var arguments = new ReplayArguments(null, path, 2, TimeSpan.FromMinutes(1), null, null, false, MetricSourceKind.Host);
            return Holds(path, (output, error) => ReplayCommand.Run(arguments, output, error));
        }));

    [Test]
    public void Simulate_HostileTraceCsv_EndsWithinTheBoundAndRefusalsNameTheFile() =>
        Check.One(Config, Prop.ForAll(TraceCsv().ToArbitrary(), Gen.Elements(60, 300, 3600).ToArbitrary(), (csv, stepSeconds) =>
        {
            var path = Write("trace.csv", csv);
            var arguments = new SimulateArguments { TracePath = path, Policies = ["default"], Step = TimeSpan.FromSeconds(stepSeconds) };
            return Holds(path, (output, error) => SimulateCommand.Run(arguments, output, error));
        }));

    [Test]
    public void Forecast_HostileTraceCsv_EndsWithinTheBoundAndRefusalsNameTheFile() =>
        Check.One(Config, Prop.ForAll(TraceCsv().ToArbitrary(), csv =>
        {
            var path = Write("trace.csv", csv);
            var arguments = new ForecastArguments(path, "value", "timestamp", null, TraceAggregation.Mean, TimeSpan.FromMinutes(30), null, TimeSpan.FromDays(1), null);
            return Holds(path, (output, error) => ForecastCommand.Run(arguments, output, error));
        }));

    /// <summary>Runs a command on the file within <see cref="Bound"/>; true when it ended cleanly or refused in the expected form.</summary>
    private static bool Holds(string path, Func<TextWriter, TextWriter, int> command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = Task.Run(() => command(output, error));
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(Bound))
        {
            Assert.Fail($"did not end within {Bound} on:\n{File.ReadAllText(path)}");
        }

        if (run.IsFaulted)
        {
            Assert.Fail($"{run.Exception!.InnerException}\non:\n{File.ReadAllText(path)}");
        }

        var text = error.ToString();
        var refusals = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(": warning: ", StringComparison.Ordinal)).ToList();
        var ok = run.Result switch
        {
            0 => refusals.Count == 0,
            1 => refusals.Count == 1 && refusals[0].StartsWith("scalesets: ", StringComparison.Ordinal) && refusals[0].Contains(path, StringComparison.Ordinal),
            _ => false,
        };
        if (!ok || text.Contains("   at ", StringComparison.Ordinal))
        {
            Assert.Fail($"exit {run.Result}, standard error:\n{text}\non:\n{File.ReadAllText(path)}");
        }

        return true;
    }

    private static Gen<string> Timestamp() =>
        Gen.Frequency(
            (40, Gen.Choose(0, 600).Select(m => Base.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))),
            (1, Gen.Elements(HostileTimestamps)));

    private static Gen<string> Value() =>
        Gen.Frequency(
            (40, Gen.Choose(0, 2000).Select(v => (v / 10.0).ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Elements(HostileValues)));

    private static Gen<string> MetricsCsv()
    {
        var header = Gen.Elements(
            "timestamp,metric,value,instance,source", "timestamp,metric,value", "\uFEFFtimestamp,metric,value,instance", "TIMESTAMP,VALUE,METRIC",
            "metric,value", "timestamp,metric,value,extra", "", "timestamp,timestamp,metric,value", "\"timestamp\",metric,value");
        var row = from time in Timestamp()
                  from metric in Gen.Frequency((6, Gen.Constant("RequestsPerSecond")), (1, Gen.Elements("", "Percentage CPU", "\"a,b\"", "ü", "\"unclosed", new string('m', 2000))))
                  from value in Value()
                  from instance in Gen.Elements("", "vm-0", "vm-1", "\"\"", "a\"b")
                  from source in Gen.Elements("", "Application", "host", "Nope", "1", "99")
                  from shape in Gen.Choose(0, 9)
                  select shape switch
                  {
                      0 => $"{time},{metric},{value}",
                      1 => $"{time},{metric},{value},{instance},{source},extra",
                      _ => $"{time},{metric},{value},{instance},{source}",
                  };
        return Csv(header, row);
    }

    private static Gen<string> TraceCsv()
    {
        var header = Gen.Elements("timestamp,value", "value,timestamp", "time,value", "", "timestamp", "\uFEFFtimestamp,value", "timestamp,value,other");
        var row = from time in Timestamp()
                  from value in Value()
                  from shape in Gen.Choose(0, 9)
                  select shape switch
                  {
                      0 => time,
                      1 => $"{value},{time}",
                      _ => $"{time},{value}",
                  };
        return Csv(header, row);
    }

    private static Gen<string> Csv(Gen<string> header, Gen<string> row) =>
        from head in header
        from rows in Gen.Choose(0, 40).SelectMany(n => Gen.ListOf(row, n))
        from newline in Gen.Elements("\n", "\r\n")
        select head + newline + string.Join(newline, rows) + newline;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
