using System.CommandLine;
using System.Globalization;
using System.Reactive;
using ScaleSets.Cli.Samples;
using ScaleSets.Configuration;
using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Replay;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets replay</c>: replays recorded metrics through the engine in virtual time, applying each decision at
/// once, and prints one JSON object per line per action (or per evaluation with <c>--explain</c>).
/// </summary>
internal static class ReplayCommand
{
    private const int RejectedShown = 20;

    public static Command Create()
    {
        var setting = new Option<string?>("--setting") { Description = "The autoscale setting (native or Azure JSON, an ARM template, or a Kubernetes HPA manifest in YAML or JSON). Default: the built-in sample setting." };
        var metrics = new Option<string?>("--metrics") { Description = "Recorded metrics, CSV with the header timestamp,metric,value[,instance][,source][,ready][,resource][,namespace][,dimensions] (ready=false marks an instance not ready from that row on; dimensions as Name=Value;Name=Value). Default: the built-in sample metrics." };
        var capacity = new Option<int>("--capacity") { Description = "The capacity at the start of the replay.", DefaultValueFactory = _ => 2 };
        var interval = new Option<string>("--evaluation-interval") { Description = "How often the engine evaluates (ISO 8601 duration).", DefaultValueFactory = _ => "PT1M" };
        var from = new Option<string?>("--from") { Description = "Replay from this instant (ISO 8601)." };
        var to = new Option<string?>("--to") { Description = "Replay until this instant (ISO 8601)." };
        var maxLateness = new Option<string>("--max-lateness") { Description = "How much earlier than a row before it a row may come (ISO 8601 duration); the replay holds that much of the file to put it in time order. A sorted file is read one row at a time.", DefaultValueFactory = _ => "PT1H" };
        var explain = new Option<bool>("--explain") { Description = "Print every evaluation with each rule's observation, not only actions." };
        var parameters = new Option<string?>("--parameters") { Description = "An ARM parameters file for a template setting: its values come before the parameters' defaultValue." };
        var defaultSource = new Option<MetricSourceKind>("--default-source") { Description = "The source kind of CSV rows without a source column value.", DefaultValueFactory = _ => MetricSourceKind.Host };
        var command = new Command("replay", "Replay recorded metrics through the engine and print its decisions as JSON lines.")
        {
            setting, metrics, capacity, interval, from, to, explain, defaultSource, maxLateness, parameters,
        };
        command.SetAction(parse =>
        {
            try
            {
                var arguments = new ReplayArguments(
                    parse.GetValue(setting),
                    parse.GetValue(metrics),
                    parse.GetValue(capacity),
                    DurationArgument.Parse(parse.GetValue(interval)!, "--evaluation-interval"),
                    parse.GetValue(from) is { } f ? DurationArgument.ParseTime(f, "--from") : null,
                    parse.GetValue(to) is { } t ? DurationArgument.ParseTime(t, "--to") : null,
                    parse.GetValue(explain),
                    parse.GetValue(defaultSource))
                {
                    MaxLateness = DurationArgument.Parse(parse.GetValue(maxLateness)!, "--max-lateness"),
                    ParametersPath = parse.GetValue(parameters),
                };
                return Run(arguments, Console.Out, Console.Error);
            }
            catch (CliError error)
            {
                return CliError.Report(Console.Error, error.Message);
            }
        });
        return command;
    }

    internal static int Run(ReplayArguments arguments, TextWriter output, TextWriter error)
    {
        try
        {
            if (arguments.Capacity < 0)
            {
                throw new CliError($"--capacity: {arguments.Capacity} is negative");
            }

            EvaluationIntervalArgument.ThrowIfInvalid(arguments.EvaluationInterval, "--evaluation-interval");

            if (arguments.MaxLateness < TimeSpan.Zero)
            {
                throw new CliError($"--max-lateness: {arguments.MaxLateness} is negative");
            }

            if (arguments.From is { } f && arguments.To is { } t && f > t)
            {
                throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--from {f:yyyy-MM-ddTHH:mm:ssZ} is after --to {t:yyyy-MM-ddTHH:mm:ssZ}"));
            }

            var setting = LoadSetting(arguments.SettingPath, arguments.ParametersPath, error);
            var metricsName = arguments.MetricsPath ?? SampleData.MetricsName;
            var rows = MetricRows(arguments.MetricsPath, arguments.DefaultSource);
            var scan = Read(() => MetricsScan.Of(rows(), arguments.From, arguments.To), arguments.MetricsPath);
            ReplaySpanCheck.ThrowIfUnreplayable(scan, arguments, metricsName);
            var options = new ReplayOptions
            {
                InitialCapacity = arguments.Capacity,
                From = arguments.From,
                To = arguments.To,
                EveryEvaluation = arguments.Explain,
                ReorderWindow = scan.Lateness,
                Readiness = arguments.MetricsPath is { } metricsPath ? MetricCsvReader.ReadReadinessFile(metricsPath) : [],
            };
            options.Engine.EvaluationInterval = arguments.EvaluationInterval;
            var rejected = new List<string>(RejectedShown);
            var rejectedCount = 0;
            options.Events = Observer.Create<AutoscaleEngineEvent>(e =>
            {
                if (e.Kind == AutoscaleEngineEventKind.SampleRejected && rejectedCount++ < RejectedShown)
                {
                    rejected.Add(e.Message);
                }
            });
            var decisions = Read(() => MetricReplay.Run(setting, rows().Select(row => row.Sample), options), arguments.MetricsPath);
            foreach (var decision in decisions)
            {
                output.WriteLine(DecisionJson.Format(decision, arguments.Explain));
            }

            ReportRejected(error, metricsName, rejected, rejectedCount, scan.Rows);
            return 0;
        }
        catch (CliError cliError)
        {
            return CliError.Report(error, cliError.Message);
        }
        catch (MetricCsvFormatException csv)
        {
            return CliError.Report(error, csv.Message);
        }
        catch (ArgumentException unreplayable) when (unreplayable is not ArgumentNullException)
        {
            return CliError.Report(error, $"{arguments.MetricsPath ?? SampleData.MetricsName}: {unreplayable.Message}");
        }
        catch (AutoscaleSettingException invalid)
        {
            foreach (var problem in invalid.Problems)
            {
                error.WriteLine($"scalesets: {arguments.SettingPath ?? SampleData.SettingName}: {problem}");
            }

            return 1;
        }
    }

    /// <summary>Warns of the samples the engine turned away (each of the first <see cref="RejectedShown"/>, then a count): they are not in the decisions.</summary>
    private static void ReportRejected(TextWriter error, string metricsName, List<string> shown, int rejected, int total)
    {
        if (rejected == 0)
        {
            return;
        }

        foreach (var message in shown)
        {
            error.WriteLine($"scalesets: {metricsName}: warning: {message}");
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scalesets: {metricsName}: warning: the engine rejected {rejected} of {total} samples{(rejected > shown.Count ? $" ({shown.Count} shown)" : "")}; the decisions use the others"));
    }

    private static AutoscaleSetting LoadSetting(string? path, string? parametersPath, TextWriter error)
    {
        if (path is null)
        {
            var sample = AutoscaleSettingJson.Read(SampleData.Setting());
            return sample.Setting ?? throw new CliError("the built-in sample setting could not be read");
        }

        var result = AutoscaleSettingLoader.Load(path, new SettingLoadOptions { ParametersFile = parametersPath });
        if (!result.IsValid || result.Setting is null)
        {
            throw new AutoscaleSettingException(path, result.Problems);
        }

        // What the setting says but the engine does not honour is said before the decisions it would have changed.
        foreach (var problem in result.Problems)
        {
            error.WriteLine($"scalesets: {path}: {problem}");
        }

        return result.Setting;
    }

    /// <summary>Returns a way to read the metrics' rows, each time from the start, one row at a time.</summary>
    private static Func<IEnumerable<(MetricSample Sample, int Line)>> MetricRows(string? path, MetricSourceKind defaultSource)
    {
        if (path is null)
        {
            return () => MetricCsvReader.ReadRows(new StringReader(SampleData.Metrics()), SampleData.MetricsName, defaultSource);
        }

        return () => MetricCsvReader.ReadFileRows(path, defaultSource);
    }

    /// <summary>Runs something that reads the metrics file, turning the file's absence or permissions into one clear line.</summary>
    private static T Read<T>(Func<T> read, string? path)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (path is not null && e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"{path}: metrics file not found");
        }
        catch (UnauthorizedAccessException) when (path is not null)
        {
            throw new CliError($"{path}: metrics file cannot be read (permission denied)");
        }
        catch (IOException e) when (path is not null)
        {
            throw new CliError($"{path}: metrics file cannot be read ({e.Message})");
        }
    }
}
