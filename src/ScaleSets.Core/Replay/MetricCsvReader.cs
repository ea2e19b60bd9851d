using System.Globalization;
using System.Text;
using ScaleSets.Metrics;
using ScaleSets.Traces;

namespace ScaleSets.Replay;

/// <summary>
/// Reads recorded metrics from CSV with the header <c>timestamp,metric,value[,instance][,source]</c> (columns found by
/// name, in any order). Timestamps are ISO 8601 (<c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> with <c>Z</c>, an offset <c>±HH:mm</c>, or no offset for UTC; or a date alone for its midnight UTC); no other form is read. A row with an empty instance is a
/// set-level value. Fields may be quoted as in RFC 4180.
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

    /// <summary>Reads a file's samples lazily, each with its 1-based line number.</summary>
    internal static IEnumerable<(MetricSample Sample, int Line)> ReadFileRows(string path, MetricSourceKind defaultSource)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var row in ReadRows(reader, path, defaultSource))
        {
            yield return row;
        }
    }

    /// <summary>Reads the samples lazily, each with its 1-based line number; the header is read at the first step.</summary>
    internal static IEnumerable<(MetricSample Sample, int Line)> ReadRows(TextReader reader, string sourceName, MetricSourceKind defaultSource)
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
            throw new MetricCsvFormatException(sourceName, Math.Max(1, lineNumber - 1), "the file is empty; expected the header 'timestamp,metric,value[,instance][,source]'");
        }

        var header = SplitFields(line, sourceName, lineNumber);
        int timestamp = -1, metric = -1, value = -1, instance = -1, source = -1;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToUpperInvariant();
            switch (name)
            {
                case "TIMESTAMP": timestamp = i; break;
                case "METRIC": metric = i; break;
                case "VALUE": value = i; break;
                case "INSTANCE": instance = i; break;
                case "SOURCE": source = i; break;
                default:
                    throw new MetricCsvFormatException(sourceName, lineNumber, $"unknown column '{header[i]}'; expected timestamp,metric,value[,instance][,source]");
            }
        }

        if (timestamp < 0 || metric < 0 || value < 0)
        {
            var missing = string.Join(", ", new[] { (timestamp, "timestamp"), (metric, "metric"), (value, "value") }.Where(c => c.Item1 < 0).Select(c => c.Item2));
            throw new MetricCsvFormatException(sourceName, lineNumber, $"the header lacks the column(s) {missing}; expected timestamp,metric,value[,instance][,source]");
        }

        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = SplitFields(line, sourceName, lineNumber);
            if (fields.Count != header.Count)
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"expected {header.Count} fields as in the header, found {fields.Count}");
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

            yield return (new MetricSample(metricName, kind, number, time, instanceId), lineNumber);
        }
    }

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
