using System.Globalization;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Forecast;
using ScaleSets.Cli.Simulate;
using ScaleSets.Simulation.Policies;
using ScaleSets.Traces;

namespace ScaleSets.Tests.Cli;

/// <summary>Every command with an output path checks it before its work: a path that cannot be written fails at once, naming the option.</summary>
[TestFixture]
public sealed class OutputPathTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("scalesets-output-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Simulate_ChartInAMissingFolder_FailsBeforeSimulatingNamingTheOption()
    {
        var missing = Path.Combine(_directory, "missing", "x.png");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        var code = SimulateCommand.Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.StaticPeak], ChartPath = missing }, output, error);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty, "nothing simulated, no table printed");
        Assert.That(error.ToString(), Is.EqualTo($"scalesets: --chart: {missing} cannot be written: the folder {Path.GetDirectoryName(missing)} does not exist" + Environment.NewLine));
    }

    [Test]
    public void Simulate_ReportPathIsAFolder_FailsBeforeSimulating()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        var code = SimulateCommand.Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.StaticPeak], ReportPath = _directory }, output, error);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(error.ToString(), Does.StartWith($"scalesets: --report: {_directory} is a folder"));
    }

    [Test]
    public void Forecast_ReportInAMissingFolder_FailsBeforeBacktesting()
    {
        var missing = Path.Combine(_directory, "missing", "out.json");
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var arguments = new ForecastArguments(WriteTrace(), "value", "timestamp", null, TraceAggregation.Mean, TimeSpan.FromMinutes(30), null, TimeSpan.FromHours(1), missing);

        var code = ForecastCommand.Run(arguments, output, error);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Is.Empty, "no model backtested, no table printed");
        Assert.That(error.ToString(), Does.StartWith("scalesets: --report: ").And.Contain("does not exist"));
    }

    [Test]
    public void Metrics_OutputInAMissingFolder_FailsBeforeAnySourceIsRead()
    {
        var missing = Path.Combine(_directory, "missing", "m.csv");

        var (code, output, error) = CliRunner.Run("metrics", "--haproxy", Path.Combine(_directory, "no.sock"), "--backend", "web", "--output", missing);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Is.EqualTo($"scalesets: --output: {missing} cannot be written: the folder {Path.GetDirectoryName(missing)} does not exist\n"));
    }

    [Test]
    public void Check_ExistingFile_LeftAsItWasAndNoFileCreatedForANewOne()
    {
        var existing = Path.Combine(_directory, "kept.txt");
        File.WriteAllText(existing, "kept");
        var fresh = Path.Combine(_directory, "fresh.txt");

        OutputPath.Check(existing, "--report");
        OutputPath.Check(fresh, "--report");

        Assert.That(File.ReadAllText(existing), Is.EqualTo("kept"));
        Assert.That(File.Exists(fresh), Is.False, "the check leaves no empty file behind");
    }

    private string WriteTrace()
    {
        var path = Path.Combine(_directory, "small.csv");
        using var writer = new StreamWriter(path);
        writer.WriteLine("timestamp,value");
        var start = new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
        for (var t = 0; t < 600; t++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(t):yyyy-MM-ddTHH:mm:ssZ},{600 + (300 * Math.Sin(t / 30.0)):F1}"));
        }

        return path;
    }
}
