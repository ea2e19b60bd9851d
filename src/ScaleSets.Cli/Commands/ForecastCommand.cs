using System.CommandLine;
using System.Globalization;
using System.Xml;
using ScaleSets.Cli.Forecast;
using ScaleSets.Prediction;
using ScaleSets.Traces;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// <c>scalesets forecast</c>: evaluates the forecasting models on a trace by rolling origin after a training cut and
/// prints one row per model (the candidates, the selected one marked, last value and seasonal naive).
/// </summary>
internal static class ForecastCommand
{
    public static Command Create()
    {
        var trace = new Option<string>("--trace") { Description = "The trace: CSV with a header, an ISO 8601 timestamp column and a value column; empty or NA values are gaps.", Required = true };
        var valueColumn = new Option<string>("--value-column") { Description = "The column holding the value.", DefaultValueFactory = _ => "value" };
        var timestampColumn = new Option<string>("--timestamp-column") { Description = "The column holding the timestamp.", DefaultValueFactory = _ => "timestamp" };
        var resample = new Option<string?>("--resample") { Description = "Resample to this interval (ISO 8601 duration, e.g. PT5M). Default: the trace's own spacing." };
        var aggregate = new Option<string>("--aggregate") { Description = "How samples in one resampled interval are combined: mean or sum.", DefaultValueFactory = _ => "mean" };
        var horizon = new Option<string>("--horizon") { Description = "How far each origin forecasts (ISO 8601 duration).", DefaultValueFactory = _ => "PT30M" };
        var trainUntil = new Option<string?>("--train-until") { Description = "The end of the training part (ISO 8601). Default: the first 70% of the trace trains." };
        var refitEvery = new Option<string>("--refit-every") { Description = "How often the models are refitted during the evaluation (ISO 8601 duration).", DefaultValueFactory = _ => "P1D" };
        var report = new Option<string?>("--report") { Description = "Also write the results as JSON to this file." };
        var command = new Command("forecast", "Evaluate the forecasting models on a trace by rolling origin and print MASE, sMAPE, under-forecast share and fit time per model.")
        {
            trace, valueColumn, timestampColumn, resample, aggregate, horizon, trainUntil, refitEvery, report,
        };
        command.SetAction(parse =>
        {
            try
            {
                var aggregation = parse.GetValue(aggregate)?.Trim().ToUpperInvariant() switch
                {
                    "MEAN" => TraceAggregation.Mean,
                    "SUM" => TraceAggregation.Sum,
                    var other => throw new CliError($"--aggregate: '{other}' is neither mean nor sum"),
                };
                var arguments = new ForecastArguments(
                    parse.GetValue(trace)!,
                    parse.GetValue(valueColumn)!,
                    parse.GetValue(timestampColumn)!,
                    parse.GetValue(resample) is { } r ? DurationArgument.ParsePositive(r, "--resample") : null,
                    aggregation,
                    DurationArgument.ParsePositive(parse.GetValue(horizon)!, "--horizon"),
                    parse.GetValue(trainUntil) is { } t ? DurationArgument.ParseTime(t, "--train-until") : null,
                    DurationArgument.ParsePositive(parse.GetValue(refitEvery)!, "--refit-every"),
                    parse.GetValue(report));
                return Run(arguments, Console.Out, Console.Error);
            }
            catch (CliError error)
            {
                return Report(Console.Error, error.Message);
            }
        });
        return command;
    }

    internal static int Run(ForecastArguments args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            OutputPath.Check(args.ReportPath, "--report");
            var trace = ReadTrace(args);
            var horizon = (int)Math.Ceiling(args.Horizon / trace.Interval);
            var refit = Math.Max(1, (int)Math.Round(args.RefitEvery / trace.Interval));
            var training = TrainingGrains(args, trace);
            var evaluation = ForecastEvaluator.Evaluate(trace.AsSpan(), training, horizon, trace.Interval, refit, TimeProvider.System);
            ForecastReport.WriteTable(output, args, trace, evaluation);
            if (args.ReportPath is { } path)
            {
                try
                {
                    using var stream = File.Create(path);
                    ForecastReport.WriteJson(stream, args, trace, evaluation);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliError($"{path}: the report cannot be written ({e.Message})");
                }
            }

            return 0;
        }
        catch (CliError usage)
        {
            return Report(error, usage.Message);
        }
        catch (TraceFormatException format)
        {
            return Report(error, format.Message);
        }
        catch (ArgumentException invalid)
        {
            return Report(error, $"{args.TracePath}: {invalid.Message}");
        }
    }

    private static TraceSeries ReadTrace(ForecastArguments args)
    {
        var options = new TraceCsvOptions
        {
            ValueColumn = args.ValueColumn,
            TimestampColumn = args.TimestampColumn,
            Interval = args.Resample,
            Aggregation = args.Aggregation,
        };
        try
        {
            return TraceCsvReader.ReadFile(args.TracePath, options);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"{args.TracePath}: trace file not found");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliError($"{args.TracePath}: trace file cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new CliError($"{args.TracePath}: trace file cannot be read ({e.Message})");
        }
    }

    /// <summary>The training grains; refuses a --train-until or --horizon that leaves no part to train on or to evaluate, naming which and the trace's extent.</summary>
    private static int TrainingGrains(ForecastArguments args, TraceSeries trace)
    {
        const int MinimumTraining = 16;
        var end = trace.TimeAt(trace.Count);
        var extent = string.Create(CultureInfo.InvariantCulture, $"{args.TracePath} runs from {trace.Start:yyyy-MM-ddTHH:mm:ssZ} to {end:yyyy-MM-ddTHH:mm:ssZ}, {trace.Count} grains of {XmlConvert.ToString(trace.Interval)}");
        var horizonGrains = (int)Math.Ceiling(args.Horizon / trace.Interval);
        if (trace.Count > SimulateCommand.MaxSteps)
        {
            // A row far from the rest (a year typed wrong) spreads a trace over centuries of empty grains.
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"{extent}: more than the {SimulateCommand.MaxSteps:N0} grains a forecast backtests (two years at a minute); check the trace for a row far from the others, or give a longer --resample"));
        }

        if (trace.Count <= MinimumTraining)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"{extent}: too few to train on ({MinimumTraining} grains at least) and evaluate; give a longer trace or a shorter --resample"));
        }

        if (horizonGrains > trace.Count - MinimumTraining)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--horizon: {XmlConvert.ToString(args.Horizon)} ({horizonGrains} grains) is longer than the trace leaves after {MinimumTraining} grains of training ({extent}); give a shorter --horizon or a longer trace"));
        }

        if (args.TrainUntil is not { } until)
        {
            var training = (int)(trace.Count * 0.7);
            return training >= MinimumTraining && training <= trace.Count - horizonGrains
                ? training
                : throw new CliError(string.Create(CultureInfo.InvariantCulture, $"{args.TracePath}: {trace.Count} grains are too few to train on 70% and evaluate a --horizon of {XmlConvert.ToString(args.Horizon)} ({extent}); give --train-until or a shorter --horizon"));
        }

        var latest = trace.TimeAt(trace.Count - horizonGrains);
        var earliest = trace.TimeAt(MinimumTraining);
        if (until >= end)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--train-until: {until:yyyy-MM-ddTHH:mm:ssZ} is at or after the end of the trace, leaving nothing to evaluate ({extent}); give a time from {earliest:yyyy-MM-ddTHH:mm:ssZ} to {latest:yyyy-MM-ddTHH:mm:ssZ}"));
        }

        if (until <= trace.Start)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--train-until: {until:yyyy-MM-ddTHH:mm:ssZ} is at or before the start of the trace, leaving nothing to train on ({extent}); give a time from {earliest:yyyy-MM-ddTHH:mm:ssZ} to {latest:yyyy-MM-ddTHH:mm:ssZ}"));
        }

        var grains = (int)Math.Ceiling((until - trace.Start) / trace.Interval);
        if (grains < MinimumTraining || grains > trace.Count - horizonGrains)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--train-until: {until:yyyy-MM-ddTHH:mm:ssZ} leaves {grains} grains to train on and {trace.Count - grains} to evaluate, but training needs {MinimumTraining} and the --horizon of {XmlConvert.ToString(args.Horizon)} needs {horizonGrains} ({extent}); give a time from {earliest:yyyy-MM-ddTHH:mm:ssZ} to {latest:yyyy-MM-ddTHH:mm:ssZ}"));
        }

        return grains;
    }

    private static int Report(TextWriter error, string message)
    {
        error.WriteLine($"scalesets: {message}");
        return 1;
    }
}
