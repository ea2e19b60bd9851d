using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Forecast;
using ScaleSets.Tests.Traces;
using ScaleSets.Traces;

namespace ScaleSets.Tests.Cli;

[TestFixture]
public sealed class ForecastCommandTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "scalesets-forecast-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private static ForecastArguments Arguments(string path, string? report = null, DateTimeOffset? trainUntil = null) =>
        new(path, "value", "timestamp", null, TraceAggregation.Mean, TimeSpan.FromHours(2), trainUntil, TimeSpan.FromDays(1), report);

    private string WriteSyntheticTrace()
    {
        var path = Path.Combine(_directory, "hourly.csv");
        using var writer = new StreamWriter(path);
        writer.WriteLine("timestamp,value");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(1);
        for (var t = 0; t < 24 * 28; t++)
        {
            var value = 100 + (40 * Math.Sin(2 * Math.PI * t / 24)) + (random.NextDouble() * 6);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start.AddHours(t):yyyy-MM-ddTHH:mm:ssZ},{(t == 100 ? "NA" : value.ToString("F3", CultureInfo.InvariantCulture))}"));
        }

        return path;
    }

    [Test]
    public void Run_SyntheticTrace_PrintsOneRowPerModelWithTheSelectionMarked()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace()), output, error);

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(0), error.ToString());
        Assert.That(text, Does.Contain("b LastValue").And.Contain("b SeasonalNaive(24)").And.Contain("HoltWinters(add,24"));
        Assert.That(text, Does.Contain("MASE").And.Contain("sMAPE").And.Contain("under").And.Contain("fit ms"));
        Assert.That(text.Split('\n').Count(line => line.StartsWith("* ", StringComparison.Ordinal)), Is.EqualTo(2), "one selected row and the legend");
        Assert.That(error.ToString(), Is.Empty);
    }

    [Test]
    public void Run_WithReport_WritesTheSameRowsAsJson()
    {
        var report = Path.Combine(_directory, "out.json");
        var output = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace(), report), output, new StringWriter());

        Assert.That(exit, Is.EqualTo(0));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        var selected = json.RootElement.GetProperty("selected").GetString();
        Assert.That(models.Count(m => m.GetProperty("selected").GetBoolean()), Is.EqualTo(1));
        Assert.That(models.Single(m => m.GetProperty("selected").GetBoolean()).GetProperty("name").GetString(), Is.EqualTo(selected));
        Assert.That(models.Select(m => m.GetProperty("name").GetString()), Does.Contain("LastValue").And.Contain("SeasonalNaive(24)"));
        Assert.That(models.All(m => m.GetProperty("mase").GetDouble() > 0 && m.TryGetProperty("underForecastShare", out _) && m.TryGetProperty("fitMilliseconds", out _)), Is.True);
        Assert.That(json.RootElement.GetProperty("horizonGrains").GetInt32(), Is.EqualTo(2));
        foreach (var model in models)
        {
            Assert.That(output.ToString(), Does.Contain(model.GetProperty("name").GetString()));
        }
    }

    [Test]
    public void Run_TrainUntil_SplitsThere()
    {
        var report = Path.Combine(_directory, "out.json");

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace(), report, new DateTimeOffset(2026, 1, 22, 0, 0, 0, TimeSpan.Zero)), new StringWriter(), new StringWriter());

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(json.RootElement.GetProperty("trainingGrains").GetInt32(), Is.EqualTo(21 * 24));
        Assert.That(json.RootElement.GetProperty("evaluationGrains").GetInt32(), Is.EqualTo(7 * 24));
    }

    [Test]
    public void Run_BadRow_ReportsFileAndLineAndExitsOne()
    {
        var path = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(path, "timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T01:00:00Z,lots\n");
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(path), new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Is.EqualTo($"scalesets: {path}:3: 'lots' in column 'value' is not a number (use an empty field or NA for a gap)"));
    }

    [Test]
    public void Run_MissingFile_ReportsItInOneLine()
    {
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(Path.Combine(_directory, "none.csv")), new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("trace file not found").And.Not.Contain("   at "));
    }

    [Test]
    public void Run_TrainUntilOutsideTheTrace_IsAClearError()
    {
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace(), trainUntil: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)), new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("scalesets: --train-until:"));
    }

    [TestCase(2030, "--train-until: 2030-01-01T00:00:00Z is at or after the end of the trace, leaving nothing to evaluate (hourly.csv runs from 2026-01-01T00:00:00Z to 2026-01-29T00:00:00Z, 672 grains of PT1H); give a time from 2026-01-01T16:00:00Z to 2026-01-28T22:00:00Z")]
    [TestCase(2020, "--train-until: 2020-01-01T00:00:00Z is at or before the start of the trace, leaving nothing to train on (hourly.csv runs from 2026-01-01T00:00:00Z to 2026-01-29T00:00:00Z, 672 grains of PT1H); give a time from 2026-01-01T16:00:00Z to 2026-01-28T22:00:00Z")]
    public void Run_TrainUntilOutsideTheTrace_SaysWhichEndAndWhatFits(int year, string expected)
    {
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace(), trainUntil: new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero)), new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Is.EqualTo("scalesets: " + expected.Replace("hourly.csv", Path.Combine(_directory, "hourly.csv"), StringComparison.Ordinal)));
    }

    [Test]
    public void Run_HorizonLongerThanTheTrace_IsNamedAsSuch()
    {
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(WriteSyntheticTrace()) with { Horizon = TimeSpan.FromDays(60) }, new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Is.EqualTo($"scalesets: --horizon: P60D (1440 grains) is longer than the trace leaves after 16 grains of training ({Path.Combine(_directory, "hourly.csv")} runs from 2026-01-01T00:00:00Z to 2026-01-29T00:00:00Z, 672 grains of PT1H); give a shorter --horizon or a longer trace"));
    }

    [Test]
    public void Run_RowCenturiesFromTheRest_RefusedNamingTheSpanInsteadOfBacktestingForHours()
    {
        // Found by HostileInputProperties: one row dated centuries before the rest spread the trace over millions of grains,
        // few enough for the reader's limit and far too many to backtest (here 1800 among hourly rows of 2026: 1.98 million).
        var path = Path.Combine(_directory, "far.csv");
        var rows = Enumerable.Range(0, 200).Select(m => string.Create(CultureInfo.InvariantCulture, $"{new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddHours(m):yyyy-MM-ddTHH:mm:ssZ},{10 + (m % 7)}"));
        File.WriteAllLines(path, ["timestamp,value", .. rows, "1800-01-01T00:00:00Z,103.3"]);
        var error = new StringWriter();

        var exit = ForecastCommand.Run(Arguments(path) with { Resample = null, Horizon = TimeSpan.FromHours(2) }, new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("scalesets: ").And.Contain("runs from 1800-01-01T00:00:00Z").And.Contain("more than the 1,054,080 grains a forecast backtests"));
    }

    [Test]
    public void Parse_Help_DescribesTheOptions()
    {
        var root = new RootCommand { ForecastCommand.Create() };
        var output = new StringWriter();

        var exit = root.Parse("forecast --help").Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output.ToString(), Does.Contain("--trace").And.Contain("--value-column").And.Contain("--resample").And.Contain("--horizon").And.Contain("--train-until").And.Contain("--report"));
    }

    [Test]
    public void Parse_MissingTrace_IsAnError()
    {
        var root = new RootCommand { ForecastCommand.Create() };
        var error = new StringWriter();

        var exit = root.Parse("forecast").Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(error.ToString(), Does.Contain("--trace"));
    }

    [Test]
    public void Parse_BadDuration_IsOneClearLine()
    {
        var root = new RootCommand { ForecastCommand.Create() };
        var originalError = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var exit = root.Parse($"forecast --trace {TraceFiles.PathOf(TraceFiles.Elb)} --horizon soon").Invoke();

            Assert.That(exit, Is.EqualTo(1));
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.That(error.ToString().Trim(), Is.EqualTo("scalesets: --horizon: 'soon' is not a duration; use ISO 8601 such as PT1M or PT30S"));
    }
}
