using ScaleSets.Metrics;

namespace ScaleSets.Cli.Commands;

/// <summary>
/// What one pass over a metrics file finds before a replay starts, holding one row at a time: how many rows, the
/// earliest and latest time in the replayed range (with their lines) and how late the latest-coming row is, so a span
/// no replay can mean or a file too far out of order is refused, naming lines, before any decision is printed.
/// </summary>
internal sealed class MetricsScan
{
    /// <summary>Gets the number of rows in the file.</summary>
    public int Rows { get; private set; }

    /// <summary>Gets the number of rows within --from and --to.</summary>
    public int InRange { get; private set; }

    public DateTimeOffset Earliest { get; private set; } = DateTimeOffset.MaxValue;

    public int EarliestLine { get; private set; }

    public DateTimeOffset Latest { get; private set; } = DateTimeOffset.MinValue;

    public int LatestLine { get; private set; }

    /// <summary>Gets how much earlier than a row before it the latest-coming row is; zero for a sorted file.</summary>
    public TimeSpan Lateness { get; private set; }

    /// <summary>Gets the line of the latest-coming row.</summary>
    public int LateLine { get; private set; }

    /// <summary>Gets the line of the row it comes after.</summary>
    public int LateAfterLine { get; private set; }

    public static MetricsScan Of(IEnumerable<(MetricSample Sample, int Line)> rows, DateTimeOffset? from, DateTimeOffset? to)
    {
        var scan = new MetricsScan();
        foreach (var (sample, line) in rows)
        {
            scan.Rows++;
            var time = sample.Timestamp;
            if ((from is { } f && time < f) || (to is { } t && time > t))
            {
                continue;
            }

            scan.InRange++;
            if (time < scan.Earliest)
            {
                scan.Earliest = time;
                scan.EarliestLine = line;
            }

            if (time >= scan.Latest)
            {
                scan.Latest = time;
                scan.LatestLine = line;
            }
            else if (scan.Latest - time > scan.Lateness)
            {
                scan.Lateness = scan.Latest - time;
                scan.LateLine = line;
                scan.LateAfterLine = scan.LatestLine;
            }
        }

        return scan;
    }
}
