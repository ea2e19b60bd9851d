using System.CommandLine;
using System.Globalization;
using System.Reactive;
using System.Runtime.InteropServices;
using System.Text;
using ScaleSets.Cli.Commands;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// <c>scalesets metrics</c>: reads metric sources for a duration or until Ctrl+C and writes every sample as the CSV
/// <c>scalesets replay</c> reads, so a recording of one's own metrics can replay any setting.
/// </summary>
internal static class MetricsCommand
{
    /// <summary>The kinds of source the command reads; each adds its own options.</summary>
    private static readonly IMetricsSourceOptions[] SourceKinds = [new HAProxyMetricsSourceOptions(), new PrometheusMetricsSourceOptions(), new HyperVMetricsSourceOptions()];

    public static Command Create()
    {
        var duration = new Option<string?>("--duration") { Description = "How long to record (ISO 8601 duration such as PT1M); until Ctrl+C when not given." };
        var interval = new Option<string>("--interval") { Description = "Time between polls of each source (ISO 8601).", DefaultValueFactory = _ => "PT15S" };
        var timeout = new Option<string>("--timeout") { Description = "How long one poll may take (ISO 8601).", DefaultValueFactory = _ => "PT10S" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the CSV to this file instead of standard output." };
        var command = new Command("metrics", "Record metrics from running systems (HAProxy, Prometheus, Hyper-V) as CSV in the format 'scalesets replay' reads: timestamp,metric,value,instance,source.")
        {
            duration, interval, timeout, output,
        };
        foreach (var kind in SourceKinds)
        {
            foreach (var option in kind.Options)
            {
                command.Options.Add(option);
            }
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            List<RecordedSource> sources = [];
            try
            {
                var polling = new PolledMetricSourceOptions
                {
                    Interval = DurationArgument.ParsePositive(parse.GetValue(interval)!, "--interval"),
                    Timeout = DurationArgument.ParsePositive(parse.GetValue(timeout)!, "--timeout"),
                };
                var length = parse.GetValue(duration) is { } d ? DurationArgument.ParsePositive(d, "--duration") : (TimeSpan?)null;
                OutputPath.Check(parse.GetValue(output), "--output");
                foreach (var kind in SourceKinds)
                {
                    sources.AddRange(kind.Create(parse, polling, TimeProvider.System));
                }

                if (sources.Count == 0)
                {
                    throw new CliError("no source given; read one or more with --haproxy SOCKET --backend NAME, --prometheus URL --query NAME=PROMQL, --hyperv SET");
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
                var path = parse.GetValue(output);
                var file = path is null ? null : OpenOutput(path);
                try
                {
                    return await RunAsync(sources, length, file ?? Console.Out, Console.Error, progress: !Console.IsErrorRedirected, TimeProvider.System, stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    if (file is not null)
                    {
                        await file.DisposeAsync().ConfigureAwait(false);
                    }
                }

                void Stop(PosixSignalContext context)
                {
                    // Ends the recording cleanly instead of killing the process: what was read is written.
                    context.Cancel = true;
                    stop.Cancel();
                }
            }
            catch (CliError error)
            {
                return CliError.Report(Console.Error, error.Message);
            }
            finally
            {
                foreach (var source in sources)
                {
                    source.Dispose();
                }
            }
        });
        return command;
    }

    /// <summary>Polls every source until <paramref name="duration"/> passes or <paramref name="stop"/> is cancelled, writing every sample.</summary>
    internal static async Task<int> RunAsync(
        IReadOnlyList<RecordedSource> sources, TimeSpan? duration, TextWriter output, TextWriter error, bool progress, TimeProvider time, CancellationToken stop)
    {
        var gate = new Lock();
        var writer = new MetricCsvWriter(output);
        var closed = false;
        var polls = 0;
        var started = time.GetUtcNow();
        writer.WriteHeader();
        var subscriptions = new List<IDisposable>();
        foreach (var source in sources)
        {
            subscriptions.Add(source.Source.Status.Subscribe(Observer.Create<MetricSourceStatus>(status => Report(status))));
            subscriptions.Add(source.Source.Subscribe(Observer.Create<MetricSample>(sample =>
            {
                lock (gate)
                {
                    if (!closed)
                    {
                        writer.Write(sample);
                    }
                }
            })));
        }

        try
        {
            // A first poll at once, so the counters have a start and the first interval already gives rates.
            await Task.WhenAll(sources.Select(s => s.PollAsync(stop))).ConfigureAwait(false);
            if (duration is { } length)
            {
                await Task.Delay(length - (time.GetUtcNow() - started), time, stop).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: stop polling and keep everything read so far.
        }
        catch (ArgumentOutOfRangeException)
        {
            // The first poll outlasted the duration.
        }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            lock (gate)
            {
                closed = true;
                output.Flush();
                if (progress)
                {
                    error.WriteLine();
                }

                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scalesets: metrics: wrote {writer.Written} samples from {sources.Count} source(s), {polls} poll(s), in {(time.GetUtcNow() - started).TotalSeconds:0.#} s"));
            }
        }

        return 0;

        void Report(MetricSourceStatus status)
        {
            lock (gate)
            {
                polls++;
                if (status.Error is { } failed)
                {
                    Line($"scalesets: warning: {status.Source}: {failed}");
                }

                foreach (var problem in status.Problems)
                {
                    Line($"scalesets: warning: {problem}");
                }

                if (progress && !closed)
                {
                    error.Write(string.Create(CultureInfo.InvariantCulture, $"\rscalesets: metrics: {writer.Written} samples, {polls} poll(s), {(time.GetUtcNow() - started).TotalSeconds:0} s "));
                }
            }
        }

        void Line(string text)
        {
            // On a terminal the progress line is rewritten in place; a warning takes a line of its own.
            error.WriteLine(progress ? "\r" + text : text);
        }
    }

    private static StreamWriter OpenOutput(string path)
    {
        try
        {
            return new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"--output: {path}: {ex.Message}");
        }
    }
}
