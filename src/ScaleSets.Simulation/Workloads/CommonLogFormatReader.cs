using System.Globalization;
using ScaleSets.Traces;

namespace ScaleSets.Simulation.Workloads;

/// <summary>
/// Reads a web server access log in Common Log Format (<c>host ident user [10/Oct/1995:13:55:36 -0400] "GET / HTTP/1.0" 200 2326</c>,
/// as the NASA, ClarkNet and WorldCup'98 logs are published) and counts the requests in each step.
/// </summary>
public static class CommonLogFormatReader
{
    /// <summary>Reads the log file at <paramref name="path"/>.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="step">The bucket length.</param>
    /// <returns>The workload: requests per second in each step, from the step holding the first request to the one holding the last.</returns>
    /// <exception cref="TraceFormatException">A line has no valid timestamp; the message names the file and line.</exception>
    public static Workload ReadFile(string path, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read(reader, Path.GetFileName(path), path, step);
    }

    /// <summary>Reads a log.</summary>
    /// <param name="reader">The log text.</param>
    /// <param name="name">The workload's name.</param>
    /// <param name="sourceName">The name used in error messages (usually the path).</param>
    /// <param name="step">The bucket length.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="TraceFormatException">A line has no valid timestamp, or the log has no request.</exception>
    public static Workload Read(TextReader reader, string name, string sourceName, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (step <= TimeSpan.Zero)
        {
            throw new TraceFormatException(sourceName, 0, string.Create(CultureInfo.InvariantCulture, $"the bucket length {step} is not positive"));
        }

        var counts = new Dictionary<long, long>();
        var lineNumber = 0;
        long first = long.MaxValue, last = long.MinValue;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var time = ParseTimestamp(line, sourceName, lineNumber);
            var bucket = time.UtcTicks / step.Ticks;
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
            first = Math.Min(first, bucket);
            last = Math.Max(last, bucket);
        }

        if (counts.Count == 0)
        {
            throw new TraceFormatException(sourceName, lineNumber, "the log has no request lines");
        }

        if (last - first + 1 > TraceCsvReader.MaxIntervals)
        {
            throw new TraceFormatException(sourceName, lineNumber, string.Create(CultureInfo.InvariantCulture, $"the log spans {last - first + 1} steps of {step}; at most {TraceCsvReader.MaxIntervals} are allowed (use a longer step)"));
        }

        var values = new double[last - first + 1];
        for (var b = first; b <= last; b++)
        {
            values[b - first] = counts.GetValueOrDefault(b) / step.TotalSeconds;
        }

        return new Workload(name, new DateTimeOffset(first * step.Ticks, TimeSpan.Zero), step, values);
    }

    /// <summary>Parses the <c>[dd/MMM/yyyy:HH:mm:ss ±hhmm]</c> field of one line.</summary>
    internal static DateTimeOffset ParseTimestamp(string line, string sourceName, int lineNumber)
    {
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : line.IndexOf(']', open + 1);
        if (open < 0 || close < 0)
        {
            throw new TraceFormatException(sourceName, lineNumber, "no [timestamp] field; expected Common Log Format such as host - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 6245");
        }

        var text = line.AsSpan(open + 1, close - open - 1).Trim();
        var space = text.IndexOf(' ');
        if (space < 0
            || !DateTime.TryParseExact(text[..space], "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !TryParseZone(text[(space + 1)..], out var offset))
        {
            throw new TraceFormatException(sourceName, lineNumber, $"'{text}' is not a Common Log Format timestamp such as 01/Jul/1995:00:00:01 -0400");
        }

        return new DateTimeOffset(local, offset);
    }

    private static bool TryParseZone(ReadOnlySpan<char> zone, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (zone.Length != 5 || (zone[0] != '+' && zone[0] != '-')
            || !int.TryParse(zone[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(zone[3..5], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (zone[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }
}
