using System.Globalization;
using System.Text;
using ScaleSets.Metrics;
using ScaleSets.Traces;

namespace ScaleSets.Replay;

/// <summary>
/// Reads recorded metrics from CSV with the header
/// <c>timestamp,metric,value[,instance][,source][,ready][,resource][,namespace][,dimensions]</c> (columns found by name, in
/// any order). Timestamps are ISO 8601 (<c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> with <c>Z</c>, an offset <c>±HH:mm</c>, or no offset for UTC; or a date alone for its midnight UTC). A row with an empty instance is a
/// set-level value; an empty resource is the scale set itself. <c>dimensions</c> is <c>Name=Value;Name=Value</c>, with
/// <c>\;</c>, <c>\=</c> and <c>\\</c> for a literal <c>;</c>, <c>=</c> and <c>\</c>.
/// Fields may be quoted as in RFC 4180. The optional <c>ready</c> column (<c>true</c>/<c>false</c>,
/// empty for no change) marks an instance not ready from that row on (until a row marks it ready again); it is read by
/// <see cref="ReadReadiness(TextReader, string)"/>.
/// </summary>
public static class MetricCsvReader
{
    /// <summary>Reads every sample of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultSource">The source kind of rows without one.</param>
    /// <returns>The samples, in file order.</returns>
    /// <exception cref="MetricCsvFormatException">A row or the header is invalid; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<MetricSample> ReadFile(string path, MetricSourceKind defaultSource = MetricSourceKind.Host)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, defaultSource);
    }

    /// <summary>Reads every sample from a reader.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">A name for the input, used in error messages.</param>
    /// <param name="defaultSource">The source kind of rows without one.</param>
    /// <returns>The samples, in input order.</returns>
    /// <exception cref="MetricCsvFormatException">A row or the header is invalid.</exception>
    public static IReadOnlyList<MetricSample> Read(TextReader reader, string sourceName, MetricSourceKind defaultSource = MetricSourceKind.Host)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        return [.. ReadRows(reader, sourceName, defaultSource).Select(row => row.Sample)];
    }

    /// <summary>
    /// Reads the samples of a file one at a time as they are enumerated, holding one row in memory: for a replay of a
    /// file larger than memory. The file is opened when the enumeration starts and closed when it ends; each enumeration
    /// reads the file again.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultSource">The source kind of rows without one.</param>
    /// <returns>The samples, in file order.</returns>
    /// <exception cref="MetricCsvFormatException">Thrown while enumerating: a row or the header is invalid; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">Thrown while enumerating: the file does not exist.</exception>
    public static IEnumerable<MetricSample> EnumerateFile(string path, MetricSourceKind defaultSource = MetricSourceKind.Host)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFileRows(path, defaultSource).Select(row => row.Sample);
    }

    /// <summary>
    /// Reads a file's samples lazily, as <see cref="EnumerateFile"/> does, each with its 1-based line number, so a caller
    /// checking the rows (their span, their order) can name the line of each.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultSource">The source kind of rows without one.</param>
    /// <returns>The samples with their line numbers, in file order.</returns>
    /// <exception cref="MetricCsvFormatException">Thrown while enumerating: a row or the header is invalid; the message names the file and line.</exception>
    /// <exception cref="FileNotFoundException">Thrown while enumerating: the file does not exist.</exception>
    public static IEnumerable<(MetricSample Sample, int Line)> ReadFileRows(string path, MetricSourceKind defaultSource)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFileRowsIterator(path, defaultSource);
    }

    /// <summary>
    /// Reads the samples of <paramref name="reader"/> lazily, each with its 1-based line number; the header is read at
    /// the first step.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">The name used in error messages (usually the file path).</param>
    /// <param name="defaultSource">The source kind of rows without one.</param>
    /// <returns>The samples with their line numbers, in order.</returns>
    /// <exception cref="MetricCsvFormatException">Thrown while enumerating: a row or the header is invalid; the message names the source and line.</exception>
    public static IEnumerable<(MetricSample Sample, int Line)> ReadRows(TextReader reader, string sourceName, MetricSourceKind defaultSource)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        return ReadRowsIterator(reader, sourceName, defaultSource);
    }

    private static IEnumerable<(MetricSample Sample, int Line)> ReadFileRowsIterator(string path, MetricSourceKind defaultSource)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var row in ReadRowsIterator(reader, path, defaultSource))
        {
            yield return row;
        }
    }

    private static IEnumerable<(MetricSample Sample, int Line)> ReadRowsIterator(TextReader reader, string sourceName, MetricSourceKind defaultSource)
    {
        var lineNumber = 0;
        string? line;
        do
        {
            line = reader.ReadLine();
            lineNumber++;
        }
        while (line is not null && line.Trim().Length == 0);

        if (line is null)
        {
            throw new MetricCsvFormatException(sourceName, Math.Max(1, lineNumber - 1), $"the file is empty; expected the header '{MetricCsvColumns.Expected}'");
        }

        var columns = MetricCsvColumns.Parse(SplitFields(line, sourceName, lineNumber), sourceName, lineNumber);
        int timestamp = columns.Timestamp, metric = columns.Metric, value = columns.Value, instance = columns.Instance, source = columns.Source;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitFields(line, sourceName, lineNumber);
            if (fields.Count != columns.Count)
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"expected {columns.Count} fields as in the header, found {fields.Count}");
            }

            if (!IsoTimestamp.TryParse(fields[timestamp], out var time))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"timestamp '{fields[timestamp]}' is not {IsoTimestamp.Expected}");
            }

            var metricName = fields[metric].Trim();
            if (metricName.Length == 0)
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, "the metric name is empty");
            }

            if (!double.TryParse(fields[value].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"value '{fields[value]}' is not a number");
            }

            if (!double.IsFinite(number))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"value '{fields[value]}' is not a finite number");
            }

            var instanceId = instance >= 0 && fields[instance].Trim().Length > 0 ? fields[instance].Trim() : null;
            var kind = defaultSource;
            if (source >= 0 && fields[source].Trim().Length > 0
                && !Enum.TryParse(fields[source].Trim(), ignoreCase: true, out kind))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"source '{fields[source]}' is not one of Host, Guest, Application, Custom");
            }

            if (!Enum.IsDefined(kind))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"source '{fields[source]}' is not one of Host, Guest, Application, Custom");
            }

            var sample = new MetricSample(metricName, kind, number, time, instanceId)
            {
                Resource = Optional(fields, columns.Resource),
                Namespace = Optional(fields, columns.Namespace),
                Dimensions = columns.Dimensions >= 0 ? MetricCsvDimensions.Parse(fields[columns.Dimensions], sourceName, lineNumber) : null,
            };
            yield return (sample, lineNumber);
        }
    }

    /// <summary>Reads the readiness changes of a file's optional <c>ready</c> column.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Each change of an instance's readiness, in file order; empty without a <c>ready</c> column.</returns>
    /// <exception cref="MetricCsvFormatException">A <c>ready</c> field, its row's timestamp or instance is invalid.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<InstanceReadiness> ReadReadinessFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return ReadReadiness(reader, path);
    }

    /// <summary>
    /// Reads the readiness changes of the optional <c>ready</c> column: every instance starts ready; a row whose
    /// <c>ready</c> field is <c>false</c> (or <c>0</c>, <c>no</c>) marks its instance not ready from its timestamp, one with
    /// <c>true</c> (<c>1</c>, <c>yes</c>) ready again; an empty field changes nothing. Only changes are returned.
    /// </summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="sourceName">A name for the input, used in error messages.</param>
    /// <returns>Each change, in input order; empty without a <c>ready</c> column.</returns>
    /// <exception cref="MetricCsvFormatException">A <c>ready</c> field, its row's timestamp or instance is invalid.</exception>
    public static IReadOnlyList<InstanceReadiness> ReadReadiness(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        var changes = new List<InstanceReadiness>();
        var lineNumber = 0;
        string? line;
        int timestamp = -1, instance = -1, ready = -1, columns = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitFields(line, sourceName, lineNumber);
            if (columns == 0)
            {
                columns = fields.Count;
                for (var i = 0; i < fields.Count; i++)
                {
                    switch (fields[i].Trim().TrimStart('\uFEFF').ToUpperInvariant())
                    {
                        case "TIMESTAMP": timestamp = i; break;
                        case "INSTANCE": instance = i; break;
                        case ReadyColumn: ready = i; break;
                    }
                }

                if (ready < 0)
                {
                    return changes;
                }

                continue;
            }

            if (fields.Count != columns || fields[ready].Trim().Length == 0)
            {
                continue; // a row of the wrong width is reported by Read
            }

            var isReady = ParseReady(fields[ready].Trim(), sourceName, lineNumber);
            var name = instance >= 0 ? fields[instance].Trim() : "";
            if (name.Length == 0)
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, "a 'ready' value needs an instance: readiness belongs to an instance, not to the set");
            }

            if (timestamp < 0 || !DateTimeOffset.TryParse(fields[timestamp].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"the row's timestamp is not an ISO 8601 date and time");
            }

            var last = changes.FindLast(c => string.Equals(c.Instance, name, StringComparison.Ordinal));
            var wasReady = last.Instance is null || last.Ready;
            if (wasReady != isReady)
            {
                changes.Add(new InstanceReadiness(time, name, isReady));
            }
        }

        return changes;
    }

    private const string ReadyColumn = "READY";

    private static string? Optional(List<string> fields, int column) =>
        column >= 0 && fields[column].Trim() is { Length: > 0 } text ? text : null;

    private static bool ParseReady(string text, string sourceName, int lineNumber) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new MetricCsvFormatException(sourceName, lineNumber, $"ready '{text}' is not true or false"),
    };

    private static List<string> SplitFields(string line, string sourceName, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new MetricCsvFormatException(sourceName, lineNumber, "a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
