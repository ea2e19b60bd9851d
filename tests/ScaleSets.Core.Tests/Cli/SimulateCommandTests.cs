using System.Globalization;
using System.Text.Json;
using ScaleSets.Cli.Commands;
using ScaleSets.Cli.Simulate;
using ScaleSets.Simulation.Policies;

namespace ScaleSets.Tests.Cli;

[TestFixture]
public sealed class SimulateCommandTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "scalesets-simulate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string WriteTrace(int minutes = 240, string? badLine = null)
    {
        var path = Path.Combine(_directory, "small.csv");
        using var writer = new StreamWriter(path);
        writer.WriteLine("timestamp,value");
        var start = new DateTimeOffset(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
        for (var t = 0; t < minutes; t++)
        {
            if (t == 3 && badLine is not null)
            {
                writer.WriteLine(badLine);
                continue;
            }

            var perMinute = 600 + (500 * Math.Sin(Math.PI * t / minutes)) + (t is > 100 and < 120 ? 900 : 0);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{start.AddMinutes(t):yyyy-MM-ddTHH:mm:ssZ},{(t == 50 ? "NA" : perMinute.ToString("F1", CultureInfo.InvariantCulture))}"));
        }

        return path;
    }

    private string WriteOnlyGaps()
    {
        var path = Path.Combine(_directory, "small.csv");
        File.WriteAllText(path, "timestamp,value\n2026-01-05T06:00:00Z,NA\n2026-01-05T06:01:00Z,\n");
        return path;
    }

    private static (int Code, string Output, string Error) Run(SimulateArguments arguments)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = SimulateCommand.Run(arguments, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void Run_SmallTraceWithReportAndChart_TableBestFirstJsonEveryStepAndPng()
    {
        var report = Path.Combine(_directory, "out.json");
        var chart = Path.Combine(_directory, "out.png");
        var (code, output, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [.. BuiltInPolicies.Names], ReportPath = report, ChartPath = chart });
        Assert.That(code, Is.EqualTo(0), error);

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        var meets = policies.Select(p => p.GetProperty("metrics").GetProperty("meetsSloTarget").GetBoolean()).ToList();
        var attainments = policies.Select(p => p.GetProperty("metrics").GetProperty("sloAttainment").GetDouble()).ToList();
        var rows = output.Split('\n').Where(l => BuiltInPolicies.Names.Any(n => l.StartsWith(n + " ", StringComparison.Ordinal))).Select(l => l.Split(' ')[0]).ToList();
        var png = File.ReadAllBytes(chart);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("note: instance capacity R = ").And.Contain("--instance-capacity gives another"), "the chosen R is printed, as a note");
            Assert.That(output, Does.Not.Contain("to fix it"), "a choice the command made, not an error to fix");
            Assert.That(policies, Has.Count.EqualTo(BuiltInPolicies.Names.Count));
            Assert.That(meets, Is.Ordered.Descending, "those meeting the SLO target first");
            Assert.That(attainments.Skip(meets.Count(m => m)), Is.Ordered.Descending, "the others by attainment");
            Assert.That(output, Does.Contain("target 99% of steps").And.Contain("the clairvoyant bound costs"));
            var service = json.RootElement.GetProperty("service");
            Assert.That(service.GetProperty("instanceCapacity").GetDouble(), Is.GreaterThan(0));
            Assert.That(service.GetProperty("latencySloSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.RootElement.GetProperty("slo").GetProperty("attainmentTarget").GetDouble(), Is.EqualTo(0.99));
            Assert.That(rows, Is.EqualTo(policies.Select(p => p.GetProperty("name").GetString())), "the table lists the policies in the report's order");
            Assert.That(policies.Select(p => p.GetProperty("timeline").GetArrayLength()), Is.All.EqualTo(240), "every step of every policy");
            var first = policies[0].GetProperty("timeline")[0];
            Assert.That(first.GetProperty("t").GetString(), Is.EqualTo("2026-01-05T06:00:00Z"));
            Assert.That(first.GetProperty("load").GetDouble(), Is.EqualTo(10).Within(1e-9), "600 per minute is 10 per second");
            foreach (var key in new[] { "demand", "bound", "supply", "billed", "utilization", "withinSlo" })
            {
                Assert.That(first.TryGetProperty(key, out _), Is.True, key);
            }

            foreach (var key in new[] { "thetaU", "thetaO", "tauU", "tauO", "instability", "jitter", "instanceHours", "sloViolationMinutes", "actions", "deviation", "sloAttainment", "meetsSloTarget", "costRatio" })
            {
                Assert.That(policies[0].GetProperty("metrics").TryGetProperty(key, out _), Is.True, key);
            }

            Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG file");
            Assert.That(error, Is.Empty);
        });
    }

    [Test]
    public void Run_WarmPool_PooledInstancesBilledInFullInInstanceHoursAndAtTheStoppedRatioInTheSloCost()
    {
        var trace = WriteTrace();
        var (plain, plainOutput, plainError) = Run(new SimulateArguments { TracePath = trace, Policies = [BuiltInPolicies.StaticPeak, BuiltInPolicies.Default], ReportPath = Path.Combine(_directory, "plain.json") });
        var (pooled, pooledOutput, pooledError) = Run(new SimulateArguments { TracePath = trace, Policies = [BuiltInPolicies.StaticPeak, BuiltInPolicies.Default], ReportPath = Path.Combine(_directory, "pooled.json"), WarmPoolSize = 4, StoppedCostRatio = 0.25 });
        Assert.That((plain, pooled), Is.EqualTo((0, 0)), plainError + pooledError);

        var (plainPeak, plainBound) = StaticPeak(Path.Combine(_directory, "plain.json"));
        var (pooledPeak, pooledBound) = StaticPeak(Path.Combine(_directory, "pooled.json"));
        Assert.Multiple(() =>
        {
            Assert.That(pooledOutput, Does.Contain("note: warm pool of 4 stopped instances beside the set"));
            Assert.That(plainOutput, Does.Not.Contain("warm pool"));
            Assert.That(pooledBound, Is.EqualTo(plainBound), "the clairvoyant bound does not depend on the pool");

            // Static peak never scales: its pool of 4 stays stopped the whole 4 hours, 16 instance-hours at a quarter of the price.
            Assert.That(pooledPeak.InstanceHours - plainPeak.InstanceHours, Is.EqualTo(16.0).Within(1e-9));
            Assert.That((pooledPeak.CostRatio - plainPeak.CostRatio) * plainBound, Is.EqualTo(4.0).Within(1e-9));
        });

        static ((double InstanceHours, double CostRatio) Peak, double Bound) StaticPeak(string report)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(report));
            var peak = json.RootElement.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == BuiltInPolicies.StaticPeak).GetProperty("metrics");
            var bound = json.RootElement.GetProperty("slo").GetProperty("boundInstanceHours").GetDouble();
            return ((peak.GetProperty("instanceHours").GetDouble(), peak.GetProperty("costRatio").GetDouble()), bound);
        }
    }

    [Test]
    public void Run_WarmPoolOutOfRange_ClearError()
    {
        var (code, _, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default], WarmPoolSize = 1001 });

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("warm pool size: 1001 is outside 0 to 1000"));
        });
    }

    [Test]
    public void Run_NoArguments_BuiltInWeekAgainstEveryPolicy()
    {
        var (code, output, _) = Run(new SimulateArguments { Policies = [.. BuiltInPolicies.Names] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(output, Does.Contain("synthetic:web").And.Contain("10080 steps"));
            foreach (var name in BuiltInPolicies.Names)
            {
                Assert.That(output, Does.Contain(name + " "));
            }
        });
    }

    [Test]
    public void Run_BadTraceLine_OneMessageNamingFileAndLineExitOne()
    {
        var path = WriteTrace(badLine: "2026-01-05T06:03:00Z,lots");
        var (code, output, error) = Run(new SimulateArguments { TracePath = path, Policies = [BuiltInPolicies.Default] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.StartWith("scalesets: ").And.Contain(path).And.Contain("5"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(output, Is.Empty);
        });
    }

    [TestCase("2026-01-05T06:03:00Z,-40", "small.csv:5: '-40' in column 'value' is negative; a load cannot be negative")]
    [TestCase(null, "small.csv: the trace has no value, only gaps (empty or NA)")]
    public void Run_NegativeLoadOrOnlyGaps_NamesTheFileOnceAndTheLine(string? badLine, string message)
    {
        var path = badLine is null ? WriteOnlyGaps() : WriteTrace(badLine: badLine);
        var (code, output, error) = Run(new SimulateArguments { TracePath = path, Policies = [BuiltInPolicies.Default] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo($"scalesets: {Path.Combine(_directory, message)}"));
            Assert.That(output, Is.Empty);
        });
    }

    [Test]
    public void Run_MissingTrace_SaysNotFound()
    {
        var (code, _, error) = Run(new SimulateArguments { TracePath = Path.Combine(_directory, "nope.csv"), Policies = [BuiltInPolicies.Default] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("nope.csv: trace file not found"));
        });
    }

    [Test]
    public void Run_UnknownPolicy_ListsTheBuiltIns()
    {
        var (code, _, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = ["magic"] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("'magic'").And.Contain("aws-target-tracking"));
        });
    }

    [Test]
    public void Run_InvalidSettingFile_ErrorNamesTheFile()
    {
        var setting = Path.Combine(_directory, "broken.json");
        File.WriteAllText(setting, "{ \"name\": \"x\", \"profiles\": [ { \"name\": \"p\", \"capacity\": { \"minimum\": 5, \"maximum\": 2, \"default\": 3 } } ] }");
        var (code, _, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [setting] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("broken.json"));
        });
    }

    [Test]
    public void Run_ValidSettingFile_RunsAsAPolicyNamedAfterTheFile()
    {
        var setting = Path.Combine(_directory, "mine.json");
        File.WriteAllText(setting, """
            { "name": "mine", "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 60, "default": 1 },
              "rules": [ { "metricTrigger": { "metricName": "Percentage CPU", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 75 },
                           "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 2, "cooldown": "PT5M" } } ] } ] }
            """);
        var (code, output, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default, setting] });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output, Does.Contain("mine "));
        });
    }

    [Test]
    public void Run_SettingWatchingItsOwnNames_WarnedUntilGivenAsMetricAliases()
    {
        var setting = Path.Combine(_directory, "mine.json");
        File.WriteAllText(setting, """
            { "name": "mine", "profiles": [ { "name": "p", "capacity": { "minimum": 1, "maximum": 60, "default": 1 },
              "rules": [ { "name": "busy", "metricTrigger": { "metricName": "cpu", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 75 },
                           "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 2, "cooldown": "PT5M" } },
                         { "name": "many", "metricTrigger": { "metricName": "rps", "source": "Application", "timeWindow": "PT5M", "operator": "GreaterThan", "threshold": 1000000 },
                           "scaleAction": { "direction": "Increase", "type": "ChangeCount", "value": 1, "cooldown": "PT5M" } } ] } ] }
            """);
        var arguments = new SimulateArguments { TracePath = WriteTrace(), Policies = [setting] };

        var (plainCode, _, plainError) = Run(arguments);
        var (code, output, error) = Run(arguments with { CpuMetricAliases = ["cpu"], RequestRateMetricAliases = ["rps"] });

        Assert.Multiple(() =>
        {
            Assert.That(plainCode, Is.EqualTo(0), plainError);
            Assert.That(plainError, Does.Contain("rule 'busy' watches 'cpu'").And.Contain("rule 'many' watches 'rps'"));
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(error, Is.Empty);
            Assert.That(output, Does.Contain("mine "));
        });
    }

    [Test]
    public void Run_FromAfterTheTrace_ClearMessage()
    {
        var (code, _, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default], From = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error, Does.Contain("--from/--to"));
        });
    }

    [Test]
    public void Run_OneRowTraceWithResample_SimulatesIt()
    {
        var path = Path.Combine(_directory, "one.csv");
        File.WriteAllText(path, "timestamp,value\n2026-01-01T00:00:00Z,600\n");

        var (code, output, error) = Run(new SimulateArguments { TracePath = path, Policies = [BuiltInPolicies.Default], Step = TimeSpan.FromMinutes(5) });

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("1 steps of 00:05:00"));
        Assert.That(error, Does.Not.Contain("cannot infer"));
    }

    [Test]
    public void Run_TraceSpanningCenturies_IsRefusedNamingTheFileAndWhatFits()
    {
        var path = Path.Combine(_directory, "stray.csv");
        File.WriteAllText(path, "timestamp,value\n2026-03-02T00:00:00Z,5\n2026-03-02T01:00:00Z,5\n2200-03-02T00:00:00Z,5\n");

        var (code, _, error) = Run(new SimulateArguments { TracePath = path, Policies = [BuiltInPolicies.Default], Step = TimeSpan.FromHours(1) });

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith($"scalesets: {path}: the workload runs from 2026-03-02T00:00:00Z to 2200-03-02T01:00:00Z, 1,525,249 steps of 01:00:00, more than the 1,054,080 a simulation runs"));
    }

    [Test]
    public void Run_BaselineNotAmongThePolicies_ErrorListsThePoliciesRun()
    {
        var (code, output, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default, BuiltInPolicies.Hpa], Baseline = "static-peak" });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.Trim(), Is.EqualTo("scalesets: --baseline: 'static-peak' is not one of the policies run (default, hpa)"));
            Assert.That(output, Is.Empty);
        });
    }

    [Test]
    public void Run_BaselineAmongThePolicies_SpeedupsAgainstIt()
    {
        var (code, output, _) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default, BuiltInPolicies.Hpa], Baseline = "HPA" });
        var hpaRow = output.Split('\n').Single(l => l.StartsWith("hpa ", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(output, Does.Contain("x hpa"));
            Assert.That(hpaRow.TrimEnd(), Does.EndWith("1.000"), "the baseline's speedup over itself");
        });
    }

    [Test]
    public void Command_UnknownUnit_EchoesWhatWasTyped()
    {
        var (code, error) = InvokeCommand("--unit", "Per-Minute");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("--unit: 'Per-Minute' is neither per-interval nor per-second"));
    }

    [Test]
    public void Command_ParsesOptionsAndRejectsABadDuration()
    {
        var (code, error) = InvokeCommand("--boot-time", "five minutes");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("--boot-time"));
    }

    /// <summary>Parses and invokes the command as the tool would, with standard error captured.</summary>
    private static (int Code, string Error) InvokeCommand(params string[] arguments)
    {
        var parse = SimulateCommand.Create().Parse(arguments);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            return (parse.Invoke(), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [TestCase("99.9%", 0.999)]
    [TestCase("99%", 0.99)]
    [TestCase("0.95", 0.95)]
    [TestCase(" 100 % ", 1.0)]
    public void ParseAttainment_PercentOrFraction_TheFraction(string text, double expected) =>
        Assert.That(SimulateCommand.ParseAttainment(text), Is.EqualTo(expected).Within(1e-12));

    [TestCase("PT0.5S", "--latency-slo PT0.5S")]
    [TestCase("99.9", "for a percentage write 99.9%")]
    [TestCase("0%", "outside (0, 100%]")]
    [TestCase("lots", "is not a percentage (99.9%) or a fraction (0.999)")]
    public void ParseAttainment_NotAnAttainment_SaysWhatToWrite(string text, string advice) =>
        Assert.That(() => SimulateCommand.ParseAttainment(text), Throws.TypeOf<CliError>().With.Message.Contains(advice));

    [Test]
    public void Run_RecomputedFromTheReportAlone_SameAttainmentAndCostRatio()
    {
        var report = Path.Combine(_directory, "out.json");
        var (code, _, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Policies = [BuiltInPolicies.Default, BuiltInPolicies.StaticPeak], ReportPath = report, LatencySlo = TimeSpan.FromSeconds(30) });
        Assert.That(code, Is.EqualTo(0), error);

        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var r = json.RootElement.GetProperty("service").GetProperty("instanceCapacity").GetDouble();
        var latency = json.RootElement.GetProperty("service").GetProperty("latencySloSeconds").GetDouble();
        foreach (var policy in json.RootElement.GetProperty("policies").EnumerateArray())
        {
            var steps = policy.GetProperty("timeline").EnumerateArray().ToList();
            var within = steps.Count(s => s.GetProperty("withinSlo").GetBoolean());
            var billed = steps.Sum(s => s.GetProperty("billed").GetInt32());
            var bound = steps.Sum(s => s.GetProperty("bound").GetInt32());
            var utilizationOk = steps.All(s => !s.GetProperty("withinSlo").GetBoolean() || s.GetProperty("utilization").GetDouble() <= 1);
            var metrics = policy.GetProperty("metrics");
            Assert.Multiple(() =>
            {
                Assert.That(metrics.GetProperty("sloAttainment").GetDouble(), Is.EqualTo((double)within / steps.Count).Within(1e-12));
                Assert.That(metrics.GetProperty("costRatio").GetDouble(), Is.EqualTo((double)billed / bound).Within(1e-9));
                Assert.That(utilizationOk, Is.True, "a step within the SLO is at or under 100% utilization");
                Assert.That(latency, Is.EqualTo(30));
                Assert.That(r, Is.GreaterThan(0));
            });
        }
    }

    [Test]
    public void Run_Sweep_RowPerVariantOfEveryFamilyCheapestPerFamilyAndFrontierPng()
    {
        var chart = Path.Combine(_directory, "frontier.png");
        var (code, output, error) = Run(new SimulateArguments { TracePath = WriteTrace(), Sweep = true, ChartPath = chart });
        Assert.That(code, Is.EqualTo(0), error);

        var rows = output.Split('\n').Where(l => l.Contains('@', StringComparison.Ordinal) && l.Contains("target utilization", StringComparison.Ordinal)).ToList();
        var defaults = output.Split('\n').Where(l => l.StartsWith("default@", StringComparison.Ordinal) && l.Contains("attainment target", StringComparison.Ordinal)).ToList();
        var png = File.ReadAllBytes(chart);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(35), "five baseline families, seven target utilizations each");
            Assert.That(defaults, Has.Count.EqualTo(6), "the default over six attainment targets");
            Assert.That(rows.Select(r => r.Split(' ')[0]), Does.Contain("aws-target-tracking@30%"));
            Assert.That(defaults.Select(r => r.Split(' ')[0]), Does.Contain("default@99.99%"));
            Assert.That(output, Does.Contain("cheapest variant of each family that meets the target"));
            Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG file");
        });
    }
}
