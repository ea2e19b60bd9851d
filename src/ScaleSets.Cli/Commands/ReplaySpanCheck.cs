using System.Globalization;
using System.Xml;
using ScaleSets.Replay;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// Refuses, before anything is printed, a replay no one can mean: one spanning more evaluations than a replay runs (a
/// row dated 0001-01-01 or 9999-12-31 among rows of this year, or a --to millennia away), a time at the end of the
/// calendar, or a file further out of time order than --max-lateness; each refusal names the lines and the options that fix it.
/// </summary>
internal static class ReplaySpanCheck
{
    public static void ThrowIfUnreplayable(MetricsScan scan, ReplayArguments arguments, string metricsName)
    {
        if (scan.InRange > 0 && scan.Latest >= ReplayOptions.LatestTime)
        {
            throw new CliError(Invariant($"{metricsName}:{scan.LatestLine}: {scan.Latest:yyyy-MM-ddTHH:mm:ssZ} is too near the end of the calendar to replay (times must be before {ReplayOptions.LatestTime:yyyy-MM-dd}); give --to before it to leave it out"));
        }

        if (scan.InRange > 0 && scan.Earliest < ReplayOptions.EarliestTime)
        {
            throw new CliError(Invariant($"{metricsName}:{scan.EarliestLine}: {scan.Earliest:yyyy-MM-ddTHH:mm:ssZ} is too near the start of the calendar to replay (times must be from {ReplayOptions.EarliestTime:yyyy-MM-dd}); give --from after it to leave it out"));
        }

        if (arguments.From is { } from && from < ReplayOptions.EarliestTime)
        {
            throw new CliError(Invariant($"--from: {from:yyyy-MM-ddTHH:mm:ssZ} is too near the start of the calendar to replay (times must be from {ReplayOptions.EarliestTime:yyyy-MM-dd})"));
        }

        if (arguments.To is { } to && to >= ReplayOptions.LatestTime)
        {
            throw new CliError(Invariant($"--to: {to:yyyy-MM-ddTHH:mm:ssZ} is too near the end of the calendar to replay (times must be before {ReplayOptions.LatestTime:yyyy-MM-dd})"));
        }

        var interval = arguments.EvaluationInterval;
        var longest = interval * ReplayOptions.DefaultMaxEvaluations;
        var start = arguments.From ?? (scan.InRange > 0 ? scan.Earliest : (DateTimeOffset?)null);
        var startName = arguments.From is null ? Invariant($"the first row ({metricsName}:{scan.EarliestLine})") : "--from";
        if (start is { } first)
        {
            if (arguments.To is { } end && Evaluations(first, end, interval) > ReplayOptions.DefaultMaxEvaluations)
            {
                var suggestion = scan.InRange > 0 ? Invariant($"; the rows in range end at {scan.Latest:yyyy-MM-ddTHH:mm:ssZ} ({metricsName}:{scan.LatestLine})") : "";
                throw new CliError(Invariant($"--to: {end:yyyy-MM-ddTHH:mm:ssZ} is {Evaluations(first, end, interval):N0} evaluations of {Iso(interval)} after the start at {first:yyyy-MM-ddTHH:mm:ssZ} ({startName}), more than the {ReplayOptions.DefaultMaxEvaluations:N0} a replay runs; give a --to at most {Iso(longest)} after the start{suggestion}"));
            }

            if (scan.InRange > 0 && Evaluations(first, scan.Latest, interval) > ReplayOptions.DefaultMaxEvaluations)
            {
                var startText = arguments.From is null ? Invariant($"{metricsName}:{scan.EarliestLine} ({scan.Earliest:yyyy-MM-ddTHH:mm:ssZ})") : Invariant($"--from {first:yyyy-MM-ddTHH:mm:ssZ}");
                throw new CliError(Invariant($"{metricsName}: the replay would run from {startText} to {metricsName}:{scan.LatestLine} ({scan.Latest:yyyy-MM-ddTHH:mm:ssZ}), {Evaluations(first, scan.Latest, interval):N0} evaluations of {Iso(interval)}, more than the {ReplayOptions.DefaultMaxEvaluations:N0} a replay runs; replay a part of at most {Iso(longest)} (about {longest.TotalDays / 365.25:0} years), e.g. --from {Before(scan.Latest, longest):yyyy-MM-ddTHH:mm:ssZ} (up to the last row) or --to {After(first, longest):yyyy-MM-ddTHH:mm:ssZ} (from the first)"));
            }
        }

        if (scan.Lateness > arguments.MaxLateness)
        {
            throw new CliError(Invariant($"{metricsName}:{scan.LateLine}: the row comes {Iso(scan.Lateness)} earlier than the one at line {scan.LateAfterLine} before it, more than --max-lateness {Iso(arguments.MaxLateness)}; sort the file by time, or give --max-lateness {Iso(scan.Lateness)} (the replay then holds that much of the file)"));
        }
    }

    private static DateTimeOffset Before(DateTimeOffset time, TimeSpan span) =>
        time.UtcTicks - DateTimeOffset.MinValue.UtcTicks > span.Ticks ? time - span : DateTimeOffset.MinValue;

    private static DateTimeOffset After(DateTimeOffset time, TimeSpan span) =>
        ReplayOptions.LatestTime.UtcTicks - time.UtcTicks > span.Ticks ? time + span : ReplayOptions.LatestTime;

    private static long Evaluations(DateTimeOffset from, DateTimeOffset to, TimeSpan interval) => (to - from).Ticks / interval.Ticks;

    private static string Iso(TimeSpan span) => XmlConvert.ToString(span);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
