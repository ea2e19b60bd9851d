using System.Globalization;
using ScaleSets.Metrics;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// Writes samples as the CSV <see cref="ScaleSets.Replay.MetricCsvReader"/> reads: <c>timestamp,metric,value,instance,source</c>,
/// timestamps in ISO 8601 UTC to the millisecond, values round-tripping, fields quoted as RFC 4180 when they need it.
/// </summary>
internal sealed class MetricCsvWriter(TextWriter output)
{
    public const string Header = "timestamp,metric,value,instance,source";

    public long Written { get; private set; }

    public void WriteHeader() => output.WriteLine(Header);

    public void Write(in MetricSample sample)
    {
        output.Write(sample.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write(',');
        output.Write(Quote(sample.Metric));
        output.Write(',');
        output.Write(sample.Value.ToString("R", CultureInfo.InvariantCulture));
        output.Write(',');
        output.Write(sample.Instance is null ? string.Empty : Quote(sample.Instance));
        output.Write(',');
        output.WriteLine(sample.Source.ToString());
        Written++;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 && field.Trim().Length == field.Length ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
