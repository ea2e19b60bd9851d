using System.Globalization;
using ScaleSets.Metrics;

namespace ScaleSets.Cli.Metrics;

/// <summary>
/// Writes samples as the CSV <see cref="ScaleSets.Replay.MetricCsvReader"/> reads:
/// <c>timestamp,metric,value,instance,source,resource,namespace,dimensions</c>, timestamps in ISO 8601 UTC to the
/// millisecond, values round-tripping, dimensions as <c>Name=Value;Name=Value</c> in name order (with <c>\\</c>, <c>\;</c>
/// and <c>\=</c> escaped), fields quoted as RFC 4180 when they need it; so a rule with a dimension filter or a metric
/// resource replays from a recording.
/// </summary>
internal sealed class MetricCsvWriter(TextWriter output)
{
    public const string Header = "timestamp,metric,value,instance,source,resource,namespace,dimensions";

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
        output.Write(sample.Source.ToString());
        output.Write(',');
        output.Write(sample.Resource is null ? string.Empty : Quote(sample.Resource));
        output.Write(',');
        output.Write(sample.Namespace is null ? string.Empty : Quote(sample.Namespace));
        output.Write(',');
        output.WriteLine(sample.Dimensions is { Count: > 0 } dimensions ? Quote(FormatDimensions(dimensions)) : string.Empty);
        Written++;
    }

    private static string FormatDimensions(IReadOnlyDictionary<string, string> dimensions) =>
        string.Join(';', dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => Escape(d.Key) + "=" + Escape(d.Value)));

    private static string Escape(string part) => part
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace("=", "\\=", StringComparison.Ordinal);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 && field.Trim().Length == field.Length ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
