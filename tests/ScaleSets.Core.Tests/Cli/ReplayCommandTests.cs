using System.Text.Json;
using ScaleSets.Cli.Commands;
using ScaleSets.Engine;
using ScaleSets.Metrics;

namespace ScaleSets.Tests.Cli;

[TestFixture]
public sealed class ReplayCommandTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "scalesets-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Run_BuiltInSample_PrintsOneJsonActionPerLine()
    {
        var (exit, lines, error) = Replay(Arguments());

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(lines, Has.Count.GreaterThan(5));
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                Assert.That(root.GetProperty("time").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
                Assert.That(root.GetProperty("from").GetInt32(), Is.Not.EqualTo(root.GetProperty("to").GetInt32()));
                Assert.That(root.GetProperty("profile").GetString(), Is.Not.Empty);
                Assert.That(root.TryGetProperty("rule", out _), Is.True);
                Assert.That(root.GetProperty("reason").GetString(), Does.StartWith("scale "));
            }

            Assert.That(lines.Any(l => l.Contains("\"profile\":\"launch-day\"", StringComparison.Ordinal)), Is.True, "the fixed-date profile of the sample acts");
        });
    }

    [Test]
    public void Run_Twice_GivesTheSameOutput()
    {
        var first = Replay(Arguments()).Lines;
        var second = Replay(Arguments()).Lines;

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Run_Explain_PrintsEveryEvaluationWithRules()
    {
        var (exit, lines, _) = Replay(Arguments() with { Explain = true, To = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero) });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(lines, Has.Count.EqualTo(121), "one evaluation a minute from 00:00 to 02:00 inclusive");
            using var json = JsonDocument.Parse(lines[10]);
            Assert.That(json.RootElement.GetProperty("rules").GetArrayLength(), Is.EqualTo(2));
            Assert.That(json.RootElement.GetProperty("rules")[0].GetProperty("metric").GetString(), Is.EqualTo("RequestsPerSecond"));
        });
    }

    [Test]
    public void Run_OwnFiles_ReplaysThem()
    {
        var (exit, lines, error, _) = ReplayCpu(10, _ => "90");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            // Evaluations at 00:01, 00:06 (cooldown over) and 00:11 (the replay ends two intervals after the last sample,
            // and the window [00:06, 00:11) still holds 90%).
            Assert.That(lines, Has.Count.EqualTo(3));
            Assert.That(lines[0], Does.Contain("\"time\":\"2026-01-01T00:01:00Z\"").And.Contain("\"from\":1,\"to\":2").And.Contain("\"rule\":\"hot\""));
            Assert.That(lines[1], Does.Contain("\"time\":\"2026-01-01T00:06:00Z\"").And.Contain("\"from\":2,\"to\":3"));
            Assert.That(lines[2], Does.Contain("\"time\":\"2026-01-01T00:11:00Z\"").And.Contain("\"from\":3,\"to\":4"));
        });
    }

    [TestCase(500, "--evaluation-interval: 00:00:00.5000000 must be between 00:00:01 and 01:00:00")]
    [TestCase(7_200_000, "--evaluation-interval: 02:00:00 must be between 00:00:01 and 01:00:00")]
    public void Run_EvaluationIntervalTheEngineRefuses_NamesTheOptionWithTheEnginesRule(int milliseconds, string expected)
    {
        // The range is the engine options' (AutoscaleEngineOptions.Validate), not a copy of it in the command.
        var interval = TimeSpan.FromMilliseconds(milliseconds);
        var engineProblem = new AutoscaleEngineOptions { EvaluationInterval = interval }.Validate("x");

        var (exit, _, error) = Replay(Arguments() with { EvaluationInterval = interval });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo("scalesets: " + expected));
            Assert.That(engineProblem, Has.Exactly(1).EqualTo("x:EvaluationInterval" + expected["--evaluation-interval".Length..] + "."));
        });
    }

    [Test]
    public void Run_BadCsvRow_NamesFileAndLine()
    {
        var metrics = Write("metrics.csv", "timestamp,metric,value\n2026-01-01T00:00:00Z,cpu,50\n2026-01-01T00:01:00Z,cpu,fifty\n");

        var (exit, _, error) = Replay(Arguments() with { MetricsPath = metrics });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("metrics.csv:3:").And.Contain("'fifty' is not a number"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [TestCase("NaN")]
    [TestCase("1e400")]
    [TestCase("-Infinity")]
    public void Run_NonFiniteValue_NamesFileAndLine(string value)
    {
        var metrics = Write("metrics.csv", $"timestamp,metric,value\n2026-01-01T00:00:00Z,cpu,50\n2026-01-01T00:01:00Z,cpu,{value}\n");

        var (exit, _, error) = Replay(Arguments() with { MetricsPath = metrics });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo($"scalesets: {metrics}:3: value '{value}' is not a finite number"));
        });
    }

    [Test]
    public void Run_SampleOutsideItsMetricsRange_WarnedWithWhatAndWhenAndTheRestReplayed()
    {
        var (exit, lines, error, metrics) = ReplayCpu(10, m => m == 4 ? "180" : "90");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(lines, Has.Count.EqualTo(3), "the other nine samples still drive the same three scale-outs");
            Assert.That(error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()), Is.EqualTo(new[]
            {
                $"scalesets: {metrics}: warning: scale set 'cpu', source 1, metric 'Percentage CPU' from instance 'vm-0' at 2026-01-01T00:04:00Z: value 180 is outside the valid range [0, 100]; sample rejected",
                $"scalesets: {metrics}: warning: the engine rejected 1 of 10 samples; the decisions use the others",
            }));
        });
    }

    [Test]
    public void Run_ManySamplesRejected_FirstTwentyShownThenTheCount()
    {
        var (exit, _, error, metrics) = ReplayCpu(30, m => m < 25 ? "180" : "90");

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(lines, Has.Length.EqualTo(21));
            Assert.That(lines[19], Does.Contain("at 2026-01-01T00:19:00Z"));
            Assert.That(lines[20].TrimEnd(), Is.EqualTo($"scalesets: {metrics}: warning: the engine rejected 25 of 30 samples (20 shown); the decisions use the others"));
        });
    }

    [Test]
    public void Run_MissingMetricsFile_SaysSo()
    {
        var (exit, _, error) = Replay(Arguments() with { MetricsPath = Path.Combine(_directory, "nope.csv") });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("nope.csv: metrics file not found"));
        });
    }

    [Test]
    public void Run_InvalidSetting_ListsErrorsWithPaths()
    {
        var setting = Write("bad.json", """{ "profiles": [ { "name": "p", "capacity": { "minimum": 3, "maximum": 2, "default": 2 } } ] }""");

        var (exit, _, error) = Replay(Arguments() with { SettingPath = setting });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("bad.json").And.Contain("$.profiles[0].capacity"));
        });
    }

    [Test]
    public void Program_HelpOnEveryCommand_Works()
    {
        foreach (var command in new[] { new[] { "--help" }, new[] { "replay", "--help" }, new[] { "validate", "--help" } })
        {
            var (exit, output, _) = CliRunner.Run(command);
            Assert.Multiple(() =>
            {
                Assert.That(exit, Is.Zero);
                Assert.That(output, Does.Contain("Usage:"));
            });
        }
    }

    [Test]
    public void Program_ReplayWithNoArguments_RunsTheSample()
    {
        var (exit, output, error) = CliRunner.Run("replay");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.GreaterThan(5));
        });
    }

    [Test]
    public void Program_BadDuration_FailsWithOneLine()
    {
        var (exit, _, error) = CliRunner.Run("replay", "--evaluation-interval", "soon");

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo("scalesets: --evaluation-interval: 'soon' is not a duration; use ISO 8601 such as PT1M or PT30S"));
        });
    }

    [TestCase("9999-12-31T00:00:00Z", "metrics.csv:4: 9999-12-31T00:00:00Z is too near the end of the calendar")]
    [TestCase("9999-12-31T23:59:59.9999999Z", "metrics.csv:4: 9999-12-31T23:59:59Z is too near the end of the calendar")]
    [TestCase("2400-01-01T00:00:00Z", "metrics.csv:2 (2026-01-01T00:00:00Z) to ")]
    public void Run_RowFarAfterTheRest_IsRefusedNamingItsLineBeforeAnyOutput(string far, string expected)
    {
        var metrics = Write("metrics.csv", $"timestamp,metric,value,instance\n2026-01-01T00:00:00Z,Percentage CPU,90,vm-0\n2026-01-01T00:01:00Z,Percentage CPU,90,vm-0\n{far},Percentage CPU,90,vm-0\n");

        var (exit, lines, error) = Replay(Arguments() with { SettingPath = Write("setting.json", CpuSetting), MetricsPath = metrics, Capacity = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(lines, Is.Empty, "refused before any decision is printed");
            Assert.That(error, Does.Contain(expected));
            Assert.That(error, Does.Contain("--to").And.Not.Contain("   at "));
            Assert.That(error, Does.Contain(far.StartsWith("24", StringComparison.Ordinal) ? $"{metrics}:4 (2400-01-01T00:00:00Z)" : "too near"));
        });
    }

    [Test]
    public void Run_RowCenturiesBeforeTheRest_IsRefusedWithAFromThatLeavesItOut()
    {
        var metrics = Write("metrics.csv", "timestamp,metric,value\n2026-01-01T00:00:00Z,Percentage CPU,90\n1700-01-01T00:00:00Z,Percentage CPU,90\n2026-01-01T00:01:00Z,Percentage CPU,90\n");

        var (exit, _, error) = Replay(Arguments() with { SettingPath = Write("setting.json", CpuSetting), MetricsPath = metrics, MaxLateness = TimeSpan.MaxValue });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"from {metrics}:3 (1700-01-01T00:00:00Z) to {metrics}:4 (2026-01-01T00:01:00Z)"));
            Assert.That(error, Does.Contain("more than the 10,000,000 a replay runs").And.Contain("e.g. --from 2006-12-"));
        });
    }

    [Test]
    public void Run_RowDatedYearOne_IsRefusedWithAFromThatLeavesItOut()
    {
        var metrics = Write("metrics.csv", "timestamp,metric,value\n2026-01-01T00:00:00Z,Percentage CPU,90\n0001-01-01T00:00:00Z,Percentage CPU,90\n2026-01-01T00:01:00Z,Percentage CPU,90\n");

        var (exit, _, error) = Replay(Arguments() with { SettingPath = Write("setting.json", CpuSetting), MetricsPath = metrics, MaxLateness = TimeSpan.MaxValue });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo($"scalesets: {metrics}:3: 0001-01-01T00:00:00Z is too near the start of the calendar to replay (times must be from 0002-01-01); give --from after it to leave it out"));
        });
    }

    [TestCase("9998-12-31T00:00:00Z", "--to: 9998-12-31T00:00:00Z is ")]
    [TestCase("9999-06-01T00:00:00Z", "--to: 9999-06-01T00:00:00Z is too near the end of the calendar")]
    public void Run_ToMillenniaAway_IsRefusedAtOnce(string to, string expected)
    {
        var (exit, lines, error) = Replay(Arguments() with { To = DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(lines, Is.Empty);
            Assert.That(error, Does.StartWith("scalesets: " + expected));
        });
    }

    [Test]
    public void Run_RowsOutOfOrderBeyondMaxLateness_NamesBothLinesAndTheLatenessNeeded()
    {
        var metrics = Write("metrics.csv", "timestamp,metric,value\n2026-01-01T03:00:00Z,Percentage CPU,90\n2026-01-01T05:30:00Z,Percentage CPU,90\n2026-01-01T01:00:00Z,Percentage CPU,90\n");

        var (exit, lines, error) = Replay(Arguments() with { SettingPath = Write("setting.json", CpuSetting), MetricsPath = metrics });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(lines, Is.Empty);
            Assert.That(error.Trim(), Is.EqualTo($"scalesets: {metrics}:4: the row comes PT4H30M earlier than the one at line 3 before it, more than --max-lateness PT1H; sort the file by time, or give --max-lateness PT4H30M (the replay then holds that much of the file)"));
        });
    }

    [Test]
    public void Run_RowsOutOfOrderWithinMaxLateness_DecideAsTheSortedFile()
    {
        var setting = Write("setting.json", CpuSetting);
        var rows = Enumerable.Range(0, 40).Select(m => $"2026-01-01T00:{m:00}:00Z,Percentage CPU,{(m is > 10 and < 20 ? 20 : 90)},vm-0\n").ToList();
        var sorted = Write("sorted.csv", "timestamp,metric,value,instance\n" + string.Concat(rows));
        var shuffled = rows.Chunk(5).SelectMany(chunk => chunk.Reverse());
        var unsorted = Write("unsorted.csv", "timestamp,metric,value,instance\n" + string.Concat(shuffled));

        var expected = Replay(Arguments() with { SettingPath = setting, MetricsPath = sorted, Capacity = 1, Explain = true });
        var actual = Replay(Arguments() with { SettingPath = setting, MetricsPath = unsorted, Capacity = 1, Explain = true, MaxLateness = TimeSpan.FromMinutes(4) });

        Assert.Multiple(() =>
        {
            Assert.That(actual.Exit, Is.Zero, actual.Error);
            Assert.That(actual.Lines, Has.Count.GreaterThan(40));
            Assert.That(actual.Lines, Is.EqualTo(expected.Lines));
        });
    }

    private const string CpuSetting = """
        { "name": "cpu", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 5, "default": 1 },
          "rules": [ { "name": "hot", "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 70 },
                       "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
        """;

    // TestReplicaCalcScaleUpUnreadyLessScale through the CLI: the ready column marks vm-0 not ready, so 3 → 4, not 5.
    [Test]
    public void Run_ReadyColumn_CountsTheInstanceNotReady()
    {
        var setting = Write("hpa.json", """
            { "name": "hpa", "evaluationInterval": "PT15S", "profiles": [ { "name": "default", "capacity": { "minimum": 1, "maximum": 10, "default": 1 },
              "rules": [ { "metricTrigger": { "metricName": "cpu-utilization", "timeGrain": "PT15S", "timeWindow": "PT15S" },
                           "targetTracking": { "targetValue": 30, "scaleUp": { "stabilizationWindowSeconds": 0, "policies": [] } } } ] } ] }
            """);
        const string Rows = "2026-01-01T00:00:00Z,cpu-utilization,30,vm-0,false\n2026-01-01T00:00:00Z,cpu-utilization,50,vm-1,\n2026-01-01T00:00:00Z,cpu-utilization,70,vm-2,\n";
        var marked = Write("marked.csv", "timestamp,metric,value,instance,ready\n" + Rows);
        var unmarked = Write("unmarked.csv", "timestamp,metric,value,instance,ready\n" + Rows.Replace(",false", ",", StringComparison.Ordinal));

        var (exit, lines, error) = Replay(Arguments() with { SettingPath = setting, MetricsPath = marked, Capacity = 3 });
        var (_, withoutMarks, _) = Replay(Arguments() with { SettingPath = setting, MetricsPath = unmarked, Capacity = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(lines, Has.Count.EqualTo(1));
            Assert.That(lines[0], Does.Contain("\"from\":3,\"to\":4"));
            Assert.That(withoutMarks[0], Does.Contain("\"from\":3,\"to\":5"));
        });
    }

    private static ReplayArguments Arguments() => new(null, null, 2, TimeSpan.FromMinutes(1), null, null, false, MetricSourceKind.Host);

    private static (int Exit, List<string> Lines, string Error) Replay(ReplayArguments arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ReplayCommand.Run(arguments, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        return (exit, lines, error.ToString());
    }

    /// <summary>Replays <see cref="CpuSetting"/> from capacity 1 over one CPU sample of vm-0 per minute from 00:00, valued by minute.</summary>
    private (int Exit, List<string> Lines, string Error, string MetricsPath) ReplayCpu(int minutes, Func<int, string> value)
    {
        var setting = Write("setting.json", CpuSetting);
        var rows = Enumerable.Range(0, minutes).Select(m => $"2026-01-01T00:{m:00}:00Z,Percentage CPU,{value(m)},vm-0\n");
        var metrics = Write("metrics.csv", "timestamp,metric,value,instance\n" + string.Concat(rows));
        var (exit, lines, error) = Replay(Arguments() with { SettingPath = setting, MetricsPath = metrics, Capacity = 1 });
        return (exit, lines, error, metrics);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
