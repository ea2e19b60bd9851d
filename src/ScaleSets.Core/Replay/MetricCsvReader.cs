using System.Globalization;
using System.Text;
using ScaleSets.Metrics;

namespace ScaleSets.Replay;

/// <summary>
/// Reads recorded metrics from CSV with the header <c>timestamp,metric,value[,instance][,source][,resource][,namespace][,dimensions]</c>
/// (columns found by name, in any order). Timestamps are ISO 8601; a timestamp without an offset is UTC. A row with an
/// empty instance is a set-level value; an empty resource is the scale set itself. <c>dimensions</c> is
/// <c>Name=Value;Name=Value</c>, with <c>\;</c>, <c>\=</c> and <c>\\</c> for a literal <c>;</c>, <c>=</c> and <c>\</c>.
/// Fields may be quoted as in RFC 4180.
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
        var samples = new List<MetricSample>();
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

            if (!DateTimeOffset.TryParse(fields[timestamp].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"timestamp '{fields[timestamp]}' is not an ISO 8601 date and time");
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

            samples.Add(new MetricSample(metricName, kind, number, time, instanceId)
            {
                Resource = Optional(fields, columns.Resource),
                Namespace = Optional(fields, columns.Namespace),
                Dimensions = columns.Dimensions >= 0 ? MetricCsvDimensions.Parse(fields[columns.Dimensions], sourceName, lineNumber) : null,
            });
        }

        return samples;
    }

    private static string? Optional(List<string> fields, int column) =>
        column >= 0 && fields[column].Trim() is { Length: > 0 } text ? text : null;

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
