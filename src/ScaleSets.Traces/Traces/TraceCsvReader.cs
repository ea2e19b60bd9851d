using System.Globalization;

namespace ScaleSets.Traces;

/// <summary>
/// Reads a load trace from CSV (a header, an ISO 8601 timestamp column (<c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> with
/// <c>Z</c>, <c>±HH:mm</c> or no offset for UTC; a date alone is its midnight UTC; no other form is read) and a value column; empty or <c>NA</c> values
/// are gaps) and resamples it to a regular <see cref="TraceSeries"/> with NaN where there is no data.
/// </summary>
public static class TraceCsvReader
{
    /// <summary>The largest number of intervals a resampled trace may have.</summary>
    public const int MaxIntervals = 20_000_000;

    /// <summary>Reads and resamples the trace in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">The columns and resampling; <see langword="null"/> for the defaults.</param>
    /// <returns>The regular series.</returns>
    /// <exception cref="TraceFormatException">A row or the header is invalid; the message names the file and line.</exception>
    public static TraceSeries ReadFile(string path, TraceCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Read(reader, path, options);
    }

    /// <summary>Reads and resamples a trace.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The name used in error messages (usually the file path).</param>
    /// <param name="options">The columns and resampling; <see langword="null"/> for the defaults.</param>
    /// <returns>The regular series.</returns>
    /// <exception cref="TraceFormatException">A row or the header is invalid; the message names the source and line.</exception>
    public static TraceSeries Read(TextReader reader, string sourceName, TraceCsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= new TraceCsvOptions();
        if (options.Interval is { } requested && requested <= TimeSpan.Zero)
        {
            throw new TraceFormatException(sourceName, 0, $"the resampling interval {requested} is not positive");
        }

        var samples = ReadSorted(reader, sourceName, options);
        var interval = options.Interval ?? InferInterval(samples)
            ?? throw new TraceFormatException(sourceName, 0, samples.Count == 1
                ? "cannot infer the interval from one row; give the interval explicitly"
                : "cannot infer the interval: all timestamps are equal; give the interval explicitly");
        return Resample(samples, interval, options.Aggregation, sourceName, explicitInterval: options.Interval is not null);
    }

    /// <summary>
    /// Reads the trace in the file at <paramref name="path"/> at its own spacing or, when that is finer than
    /// <paramref name="step"/>, averaged (or summed, as <see cref="TraceCsvOptions.Aggregation"/> says) into intervals of
    /// <paramref name="step"/> from the first row's time rounded down to its own spacing, so a fine trace (one row a
    /// second, read per 5 minutes) never has to fit <see cref="MaxIntervals"/> at its own spacing.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="step">The coarsest spacing wanted; positive. <see cref="TraceCsvOptions.Interval"/> is ignored.</param>
    /// <param name="options">The columns, aggregation and sign check; <see langword="null"/> for the defaults.</param>
    /// <param name="ownInterval">The trace's own spacing (the median gap between rows), or <paramref name="step"/> when
    /// the trace has one row or all rows at one time.</param>
    /// <returns>The regular series, at <paramref name="ownInterval"/> when that is at least <paramref name="step"/>, at
    /// <paramref name="step"/> otherwise.</returns>
    /// <exception cref="TraceFormatException">A row or the header is invalid; the message names the file and line.</exception>
    public static TraceSeries ReadFileAtLeast(string path, TimeSpan step, TraceCsvOptions? options, out TimeSpan ownInterval)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        options ??= new TraceCsvOptions();
        List<(DateTimeOffset Time, double Value)> rows;
        using (var reader = new StreamReader(path))
        {
            rows = ReadSorted(reader, path, options);
        }

        ownInterval = InferInterval(rows) ?? step;
        if (ownInterval >= step)
        {
            return Resample(rows, ownInterval, options.Aggregation, path, explicitInterval: false);
        }

        var first = rows[0].Time.UtcTicks;
        var ownGridStart = new DateTimeOffset(first - (first % ownInterval.Ticks), TimeSpan.Zero);
        return Resample(rows, step, options.Aggregation, path, explicitInterval: true, ownGridStart);
    }

    private static List<(DateTimeOffset Time, double Value)> ReadSorted(TextReader reader, string sourceName, TraceCsvOptions options)
    {
        var samples = ReadSamples(reader, sourceName, options);
        if (samples.Count == 0)
        {
            throw new TraceFormatException(sourceName, 0, "the trace has no data rows");
        }

        samples.Sort((a, b) => a.Time.CompareTo(b.Time));
        return samples;
    }

    private static List<(DateTimeOffset Time, double Value)> ReadSamples(TextReader reader, string sourceName, TraceCsvOptions options)
    {
        var header = reader.ReadLine() ?? throw new TraceFormatException(sourceName, 1, "the file is empty; expected a header such as timestamp,value");
        var columns = SplitFields(header.TrimStart('\uFEFF'));
        var timeIndex = FindColumn(columns, options.TimestampColumn, sourceName);
        var valueIndex = FindColumn(columns, options.ValueColumn, sourceName);
        var samples = new List<(DateTimeOffset, double)>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = SplitFields(line);
            if (fields.Count <= Math.Max(timeIndex, valueIndex))
            {
                throw new TraceFormatException(sourceName, lineNumber, $"expected {columns.Count} columns, found {fields.Count}");
            }

            var timeText = fields[timeIndex].Trim();
            if (!IsoTimestamp.TryParse(timeText, out var time))
            {
                throw new TraceFormatException(sourceName, lineNumber, $"'{timeText}' in column '{options.TimestampColumn}' is not {IsoTimestamp.Expected}");
            }

            samples.Add((time, ParseValue(fields[valueIndex].Trim(), sourceName, lineNumber, options)));
        }

        return samples;
    }

    private static double ParseValue(string text, string sourceName, int lineNumber, TraceCsvOptions options)
    {
        var column = options.ValueColumn;
        if (text.Length == 0 || text.Equals("NA", StringComparison.OrdinalIgnoreCase) || text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new TraceFormatException(sourceName, lineNumber, $"'{text}' in column '{column}' is not a number (use an empty field or NA for a gap)");
        }

        if (value < 0 && !options.AllowNegativeValues)
        {
            throw new TraceFormatException(sourceName, lineNumber, $"'{text}' in column '{column}' is negative; a load cannot be negative");
        }

        return value;
    }

    private static int FindColumn(List<string> columns, string name, string sourceName)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new TraceFormatException(sourceName, 1, $"no column '{name}' in the header (columns: {string.Join(", ", columns)})");
    }

    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>The median spacing of the sorted rows, or <see langword="null"/> when there is none (one row, or all at one time).</summary>
    private static TimeSpan? InferInterval(List<(DateTimeOffset Time, double Value)> samples)
    {
        var gaps = new List<long>(samples.Count);
        for (var i = 1; i < samples.Count; i++)
        {
            var ticks = (samples[i].Time - samples[i - 1].Time).Ticks;
            if (ticks > 0)
            {
                gaps.Add(ticks);
            }
        }

        if (gaps.Count == 0)
        {
            return null;
        }

        gaps.Sort();
        return TimeSpan.FromTicks(gaps[(gaps.Count - 1) / 2]);
    }

    /// <summary>
    /// Buckets the sorted rows into intervals from <paramref name="start"/> (by default the first row's time rounded down
    /// to a multiple of the interval); refuses more than <see cref="MaxIntervals"/>, saying which interval would fit.
    /// </summary>
    private static TraceSeries Resample(List<(DateTimeOffset Time, double Value)> samples, TimeSpan interval, TraceAggregation aggregation, string sourceName, bool explicitInterval, DateTimeOffset? start = null)
    {
        var first = samples[0].Time;
        var origin = start ?? new DateTimeOffset(first.UtcTicks - (first.UtcTicks % interval.Ticks), TimeSpan.Zero);
        var spanTicks = samples[^1].Time.UtcTicks - origin.UtcTicks;
        var count = (spanTicks / interval.Ticks) + 1;
        if (count > MaxIntervals)
        {
            var fits = TimeSpan.FromSeconds(Math.Ceiling((double)((spanTicks / MaxIntervals) + 1) / TimeSpan.TicksPerSecond));
            var what = explicitInterval ? $"resampling to {interval}" : $"the trace's own spacing of {interval}";
            throw new TraceFormatException(sourceName, 0, string.Create(CultureInfo.InvariantCulture, $"{what} gives {count} intervals over the trace's {TimeSpan.FromTicks(spanTicks)}, more than {MaxIntervals}; an interval of at least {fits} fits"));
        }

        if ((DateTimeOffset.MaxValue.UtcTicks - origin.UtcTicks) / interval.Ticks < count)
        {
            throw new TraceFormatException(sourceName, 0, string.Create(CultureInfo.InvariantCulture, $"the row at {samples[^1].Time:yyyy-MM-ddTHH:mm:ssZ} is too near the end of the calendar: its interval of {interval} would end after 9999-12-31; leave it out"));
        }

        var sums = new double[count];
        var counts = new int[count];
        foreach (var (time, value) in samples)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            var index = (time.UtcTicks - origin.UtcTicks) / interval.Ticks;
            sums[index] += value;
            counts[index]++;
        }

        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = counts[i] == 0 ? double.NaN : aggregation == TraceAggregation.Sum ? sums[i] : sums[i] / counts[i];
        }

        return new TraceSeries(origin, interval, values);
    }
}
