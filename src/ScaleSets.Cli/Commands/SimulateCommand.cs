using System.CommandLine;
using System.Globalization;
using ScaleSets.Cli.Simulate;
using ScaleSets.Configuration;
using ScaleSets.Simulation.Policies;
using ScaleSets.Simulation.Reports;
using ScaleSets.Simulation.Runs;
using ScaleSets.Simulation.Workloads;
using ScaleSets.Traces;
using Spectre.Console;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets simulate</c>: replays a workload (a trace CSV, a Common Log Format access log or a built-in synthetic
/// workload) through the real engine once per policy, in virtual time, and prints the elasticity metrics, best first.
/// Without arguments it runs the built-in <c>web</c> workload against every built-in policy.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The most steps a simulation runs: a trace spanning centuries (a stray date) would run for hours.</summary>
    internal const int MaxSteps = 2 * 366 * 24 * 60;

    public static Command Create()
    {
        var trace = new Option<string?>("--trace") { Description = "A load trace: CSV with a header, an ISO 8601 timestamp column and a value column; empty or NA values are gaps." };
        var log = new Option<string?>("--log") { Description = "A web server access log in Common Log Format (as the NASA, ClarkNet and WorldCup'98 logs), bucketed to --resample." };
        var synthetic = new Option<string?>("--synthetic") { Description = "A built-in synthetic workload: " + string.Join(", ", SyntheticWorkload.Names) + " (the default is web)." };
        var valueColumn = new Option<string>("--value-column") { Description = "The trace column holding the load.", DefaultValueFactory = _ => "value" };
        var timestampColumn = new Option<string>("--timestamp-column") { Description = "The trace column holding the timestamp.", DefaultValueFactory = _ => "timestamp" };
        var unit = new Option<string>("--unit") { Description = "What the trace's values count: per-interval (requests in each interval) or per-second (a rate).", DefaultValueFactory = _ => "per-interval" };
        var resample = new Option<string>("--resample") { Description = "The simulation step and engine evaluation interval (ISO 8601 duration); within a longer step the instances still report their metrics every minute.", DefaultValueFactory = _ => "PT1M" };
        var capacity = new Option<string?>("--instance-capacity") { Description = "Requests per second one instance serves at 100% utilization. Default: chosen so the peak needs --peak-instances instances (the choice is printed)." };
        var peak = new Option<string>("--peak-instances") { Description = "How many instances the workload's peak needs when --instance-capacity is not given.", DefaultValueFactory = _ => "50" };
        var target = new Option<string>("--target-utilization") { Description = "The utilization demand is sized for, and the CPU policies' target.", DefaultValueFactory = _ => "0.7" };
        var boot = new Option<string>("--boot-time") { Description = "The shortest boot time of an instance (ISO 8601 duration).", DefaultValueFactory = _ => "PT5M" };
        var spread = new Option<string>("--boot-time-spread") { Description = "Each boot takes --boot-time plus a uniform draw up to this.", DefaultValueFactory = _ => "PT1M" };
        var policies = new Option<string>("--policies") { Description = "Comma-separated policies: " + string.Join(",", BuiltInPolicies.Names) + ", or paths of setting files.", DefaultValueFactory = _ => string.Join(",", BuiltInPolicies.Names) };
        var seed = new Option<string>("--seed") { Description = "The seed of every random draw.", DefaultValueFactory = _ => "1" };
        var report = new Option<string?>("--report") { Description = "Also write the results, every step of every policy, as JSON to this file." };
        var chart = new Option<string?>("--chart") { Description = "Also draw demand and each policy's supply over time, scale actions marked, as PNG to this file." };
        var from = new Option<string?>("--from") { Description = "Simulate from this time (ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Simulate up to this time (ISO 8601, exclusive)." };
        var slo = new Option<string>("--slo") { Description = "The SLO attainment target: the share of steps that must be within the SLO, as a percentage (99.9%) or a fraction (0.999). Policies that reach it rank by cost, the rest by attainment.", DefaultValueFactory = _ => "99%" };
        var latencySlo = new Option<string?>("--latency-slo") { Description = "A mean latency objective (ISO 8601 duration, e.g. PT0.5S): a step within the SLO must be at or under it (M/M/c), besides being at or under 100% utilization." };
        var stoppedCost = new Option<string>("--stopped-cost-ratio") { Description = "What a stopped warm-pool instance costs, as a share of a running one (its disks).", DefaultValueFactory = _ => "0.1" };
        var warmPool = new Option<string>("--warm-pool") { Description = "Keep a warm pool of this many instances beside the set (created, booted, then stopped; a scale-out starts them in --start-time instead of creating and booting new ones; they cost --stopped-cost-ratio while stopped). 0 for none.", DefaultValueFactory = _ => "0" };
        var startTime = new Option<string>("--start-time") { Description = "The shortest start of a stopped warm-pool instance (ISO 8601 duration); the simulated cloud adds up to 10 seconds.", DefaultValueFactory = _ => "PT30S" };
        var baseline = new Option<string?>("--baseline") { Description = "The policy elastic speedups are computed against, one of --policies. Default: static-peak, when it runs." };
        var cpuMetric = new Option<string?>("--cpu-metric") { Description = "Comma-separated names under which each instance's CPU is also reported, for a setting file that watches it under another name than 'Percentage CPU'." };
        var requestMetric = new Option<string?>("--request-metric") { Description = "Comma-separated names under which the request rate is also reported, for a setting file that watches it under another name than 'Requests per second'." };
        var sweep = new Option<bool>("--sweep") { Description = "Instead of --policies: run each policy family over its knob (the CPU baselines' target utilization from 30% to 90%, and default's), print each variant's SLO attainment and cost, and with --chart draw the cost-SLO frontier (x: cost against the clairvoyant bound, y: attainment in nines)." };
        var command = new Command("simulate", "Replay a workload through the real engine for each policy in virtual time and rank the policies by the SPEC RG elasticity metrics. Without arguments: a built-in synthetic week against every built-in policy.")
        {
            trace, log, synthetic, valueColumn, timestampColumn, unit, resample, capacity, peak, target, boot, spread, policies, seed, report, chart, from, to, slo, latencySlo, stoppedCost, warmPool, startTime, baseline, cpuMetric, requestMetric, sweep,
        };
        command.SetAction(parse =>
        {
            SimulateArguments arguments;
            try
            {
                var sources = new[] { parse.GetValue(trace), parse.GetValue(log), parse.GetValue(synthetic) }.Count(s => s is not null);
                if (sources > 1)
                {
                    throw new CliError("give at most one of --trace, --log and --synthetic");
                }

                arguments = new SimulateArguments
                {
                    TracePath = parse.GetValue(trace),
                    LogPath = parse.GetValue(log),
                    Synthetic = parse.GetValue(synthetic),
                    ValueColumn = parse.GetValue(valueColumn)!,
                    TimestampColumn = parse.GetValue(timestampColumn)!,
                    PerSecond = parse.GetValue(unit)!.Trim() switch
                    {
                        var text when text.Equals("per-interval", StringComparison.OrdinalIgnoreCase) => false,
                        var text when text.Equals("per-second", StringComparison.OrdinalIgnoreCase) => true,
                        var other => throw new CliError($"--unit: '{other}' is neither per-interval nor per-second"),
                    },
                    Step = DurationArgument.Parse(parse.GetValue(resample)!, "--resample"),
                    InstanceCapacity = parse.GetValue(capacity) is { } c ? ParseDouble(c, "--instance-capacity") : null,
                    PeakInstances = ParseInt(parse.GetValue(peak)!, "--peak-instances"),
                    TargetUtilization = ParseDouble(parse.GetValue(target)!, "--target-utilization"),
                    BootTime = DurationArgument.Parse(parse.GetValue(boot)!, "--boot-time"),
                    BootTimeSpread = DurationArgument.Parse(parse.GetValue(spread)!, "--boot-time-spread"),
                    Policies = [.. parse.GetValue(policies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                    Seed = ParseInt(parse.GetValue(seed)!, "--seed"),
                    ReportPath = parse.GetValue(report),
                    ChartPath = parse.GetValue(chart),
                    From = parse.GetValue(from) is { } f ? DurationArgument.ParseTime(f, "--from") : null,
                    To = parse.GetValue(to) is { } t ? DurationArgument.ParseTime(t, "--to") : null,
                    SloTarget = ParseAttainment(parse.GetValue(slo)!),
                    LatencySlo = parse.GetValue(latencySlo) is { } s ? DurationArgument.Parse(s, "--latency-slo") : null,
                    StoppedCostRatio = ParseDouble(parse.GetValue(stoppedCost)!, "--stopped-cost-ratio"),
                    WarmPoolSize = ParseInt(parse.GetValue(warmPool)!, "--warm-pool"),
                    StartTime = DurationArgument.Parse(parse.GetValue(startTime)!, "--start-time"),
                    Baseline = parse.GetValue(baseline),
                    CpuMetricAliases = SplitNames(parse.GetValue(cpuMetric)),
                    RequestRateMetricAliases = SplitNames(parse.GetValue(requestMetric)),
                    Sweep = parse.GetValue(sweep),
                };
            }
            catch (CliError usage)
            {
                return CliError.Report(Console.Error, usage.Message);
            }

            return Run(arguments, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
        });
        return command;
    }

    internal static int Run(SimulateArguments a, TextWriter output, TextWriter error) => Run(a, output, error, interactive: false);

    internal static int Run(SimulateArguments a, TextWriter output, TextWriter error, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var options = new SimulationOptions
            {
                InstanceCapacity = a.InstanceCapacity,
                PeakInstances = a.PeakInstances,
                TargetUtilization = a.TargetUtilization,
                BootTime = a.BootTime,
                BootTimeSpread = a.BootTimeSpread,
                LatencySlo = a.LatencySlo,
                SloTarget = a.SloTarget,
                StoppedCostRatio = a.StoppedCostRatio,
                WarmPoolSize = a.WarmPoolSize,
                StartTime = a.StartTime,
                Seed = a.Seed,
                SpeedupBaseline = a.Baseline ?? BuiltInPolicies.StaticPeak,
            };
            foreach (var alias in a.CpuMetricAliases)
            {
                options.CpuMetricAliases.Add(alias);
            }

            foreach (var alias in a.RequestRateMetricAliases)
            {
                options.RequestRateMetricAliases.Add(alias);
            }

            try
            {
                options.ThrowIfInvalid();
            }
            catch (ArgumentException invalid)
            {
                throw new CliError(invalid.Message);
            }

            // The step is the engine's evaluation interval.
            EvaluationIntervalArgument.ThrowIfInvalid(a.Step, "--resample");

            OutputPath.Check(a.ReportPath, "--report");
            OutputPath.Check(a.ChartPath, "--chart");
            var workload = LoadWorkload(a);
            if (a.From is not null || a.To is not null)
            {
                try
                {
                    workload = workload.Slice(a.From, a.To);
                }
                catch (ArgumentException empty)
                {
                    throw new CliError("--from/--to: " + empty.Message);
                }
            }

            if (workload.Count > MaxSteps)
            {
                throw new CliError(string.Create(CultureInfo.InvariantCulture, $"{a.TracePath ?? a.LogPath ?? workload.Name}: the workload runs from {workload.Start:yyyy-MM-ddTHH:mm:ssZ} to {workload.TimeAt(workload.Count):yyyy-MM-ddTHH:mm:ssZ}, {workload.Count:N0} steps of {workload.Step:c}, more than the {MaxSteps:N0} a simulation runs (two years at a minute); simulate a part of it with --from/--to or give a longer --resample"));
            }

            var context = SimulationRunner.CreateContext(workload, options);
            if (a.Sweep)
            {
                return RunSweep(a, workload, context, options, output);
            }

            var policies = ResolvePolicies(a.Policies, context);
            if (a.Baseline is { } named && !policies.Any(p => string.Equals(p.Name, named, StringComparison.OrdinalIgnoreCase)))
            {
                throw new CliError($"--baseline: '{named}' is not one of the policies run ({string.Join(", ", policies.Select(p => p.Name))})");
            }

            if (a.InstanceCapacity is null)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: instance capacity R = {context.Service.InstanceCapacity:0.####} requests/s per instance at 100%, chosen so the peak of {workload.Peak:0.##} requests/s needs {a.PeakInstances} instances at {a.TargetUtilization:0.##} utilization; --instance-capacity gives another"));
            }

            if (a.WarmPoolSize > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: warm pool of {a.WarmPoolSize} stopped instances beside the set: a scale-out starts them ({a.StartTime.TotalSeconds:0.#} s plus up to 10 s) instead of creating and booting new ones; SLO cost counts a stopped instance at {a.StoppedCostRatio:0.###} of a running one, inst-h counts every instance in full"));
            }

            var result = interactive ? RunWithProgress(workload, policies, options) : SimulationRunner.Run(workload, policies, options);
            SimulationTable.Write(output, result);
            SimulationTable.WriteWarnings(error, result);
            if (a.ReportPath is { } reportPath)
            {
                WriteFile(reportPath, "report", stream => SimulationReport.Write(stream, result));
            }

            if (a.ChartPath is { } chartPath)
            {
                WriteFile(chartPath, "chart", stream => SimulationChart.Write(stream, result));
            }

            return 0;
        }
        catch (CliError usage)
        {
            return CliError.Report(error, usage.Message);
        }
        catch (TraceFormatException format)
        {
            return CliError.Report(error, format.Message);
        }
        catch (AutoscaleSettingException invalid)
        {
            return CliError.Report(error, invalid.Message);
        }
        catch (ArgumentException invalid)
        {
            return CliError.Report(error, invalid.Message);
        }
    }

    /// <summary>--sweep: every family over its knob, in parallel on every processor; the table, and the frontier chart when --chart is given.</summary>
    private static int RunSweep(SimulateArguments a, Workload workload, PolicyContext context, SimulationOptions options, TextWriter output)
    {
        var variants = PolicySweep.Variants(context);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload {workload.Name}: {workload.Count} steps of {workload.Step:c}; sweeping {variants.Count} variants of {PolicySweep.Families.Count} families, {Environment.ProcessorCount} at a time"));
        var points = PolicySweep.Run(workload, variants, options, Environment.ProcessorCount);
        SweepTable.Write(output, points);
        if (a.ChartPath is { } chartPath)
        {
            WriteFile(chartPath, "chart", stream => FrontierChart.Write(stream, points, workload.Name));
        }

        return 0;
    }

    private static SimulationResult RunWithProgress(Workload workload, List<SimulationPolicy> policies, SimulationOptions options)
    {
        SimulationResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Start(progress =>
            {
                var task = progress.AddTask(string.Create(CultureInfo.InvariantCulture, $"simulating {policies.Count} policies over {workload.Count} steps"), maxValue: 1.0);
                result = SimulationRunner.Run(workload, policies, options, new SynchronousProgress(v => task.Value = v));
            });
        return result!;
    }

    private static string[] SplitNames(string? names) =>
        names is null ? [] : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Workload LoadWorkload(SimulateArguments a)
    {
        var step = a.Step;
        var unit = a.PerSecond ? WorkloadUnit.PerSecond : WorkloadUnit.PerInterval;
        if (a.TracePath is { } tracePath)
        {
            return ReadFile(tracePath, "trace", () => TraceWorkload.ReadCsv(tracePath, new TraceCsvOptions { ValueColumn = a.ValueColumn, TimestampColumn = a.TimestampColumn }, unit, step));
        }

        if (a.LogPath is { } logPath)
        {
            return ReadFile(logPath, "log", () => CommonLogFormatReader.ReadFile(logPath, step));
        }

        var name = a.Synthetic ?? SyntheticWorkload.Web;
        try
        {
            var workload = SyntheticWorkload.Create(name, a.Seed);
            return step == workload.Step ? workload : throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--resample: synthetic workloads are per minute; {step:c} is not supported for them"));
        }
        catch (ArgumentException unknown)
        {
            throw new CliError("--synthetic: " + unknown.Message);
        }
    }

    private static Workload ReadFile(string path, string what, Func<Workload> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"{path}: {what} file not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliError($"{path}: {what} file cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new CliError($"{path}: {what} file cannot be read ({e.Message})");
        }
        catch (ArgumentException invalid)
        {
            throw new CliError($"{path}: {invalid.Message}");
        }
    }

    private static List<SimulationPolicy> ResolvePolicies(IReadOnlyList<string> names, PolicyContext context)
    {
        if (names.Count == 0)
        {
            throw new CliError("--policies: no policy given; use " + string.Join(",", BuiltInPolicies.Names) + " or setting file paths");
        }

        var policies = new List<SimulationPolicy>();
        foreach (var name in names)
        {
            if (BuiltInPolicies.IsBuiltIn(name))
            {
                policies.Add(BuiltInPolicies.Create(name, context));
                continue;
            }

            if (!name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !File.Exists(name))
            {
                throw new CliError($"--policies: '{name}' is neither a built-in policy ({string.Join(", ", BuiltInPolicies.Names)}) nor a setting file");
            }

            var loaded = AutoscaleSettingLoader.Load(name, context.MaximumCapacity);
            if (!loaded.IsValid)
            {
                var problems = loaded.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $"{name}:{line}: {p.Path}: {p.Message}") : $"{name}: {(p.Path.Length > 0 ? p.Path + ": " : "")}{p.Message}");
                throw new CliError(string.Join(Environment.NewLine + "scalesets: ", problems));
            }

            policies.Add(new SimulationPolicy(Path.GetFileNameWithoutExtension(name), loaded.Setting!));
        }

        var duplicate = policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CliError($"--policies: '{duplicate.Key}' is listed more than once");
        }

        return policies;
    }

    private static void WriteFile(string path, string what, Action<Stream> write)
    {
        try
        {
            using var stream = File.Create(path);
            write(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliError($"{path}: the {what} cannot be written ({e.Message})");
        }
    }

    private static double ParseDouble(string text, string option) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new CliError($"{option}: '{text}' is not a number");

    /// <summary>Reads --slo: a percentage (<c>99.9%</c>) or a fraction (<c>0.999</c>) above 0 and at most 100%.</summary>
    internal static double ParseAttainment(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            throw new CliError($"--slo: '{text}' is a duration; --slo is now the attainment target (for example 99.9%), and a latency objective is given with --latency-slo {trimmed}");
        }

        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1].TrimEnd() : trimmed;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new CliError($"--slo: '{text}' is not a percentage (99.9%) or a fraction (0.999)");
        }

        var fraction = percent ? value / 100 : value;
        return fraction > 0 && fraction <= 1
            ? fraction
            : throw new CliError($"--slo: '{text}' is outside (0, 100%]{(!percent && value > 1 && value <= 100 ? $"; for a percentage write {trimmed}%" : string.Empty)}");
    }

    private static int ParseInt(string text, string option) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliError($"{option}: '{text}' is not a whole number");

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
