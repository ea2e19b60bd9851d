namespace ScaleSets.Replay;

/// <summary>
/// The columns of a metrics CSV, found by name in its header (case-insensitive, any order): <c>timestamp</c>,
/// <c>metric</c> and <c>value</c> are required; <c>instance</c>, <c>source</c>, <c>ready</c> (read by <see cref="MetricCsvReader.ReadReadiness(TextReader, string)"/>), <c>resource</c>, <c>namespace</c> and
/// <c>dimensions</c> are optional. A column is -1 when absent.
/// </summary>
internal sealed class MetricCsvColumns
{
    /// <summary>The header a user is told to write, in the order of the documentation.</summary>
    public const string Expected = "timestamp,metric,value[,instance][,source][,ready][,resource][,namespace][,dimensions]";

    private static readonly string[] Required = ["timestamp", "metric", "value"];
    private static readonly string[] Optional = ["instance", "source", "ready", "resource", "namespace", "dimensions"];

    private readonly Dictionary<string, int> _indexes;

    private MetricCsvColumns(Dictionary<string, int> indexes, int count)
    {
        _indexes = indexes;
        Count = count;
    }

    /// <summary>Gets the number of columns in the header; every row has as many fields.</summary>
    public int Count { get; }

    /// <summary>Gets the index of the <c>timestamp</c> column.</summary>
    public int Timestamp => this["timestamp"];

    /// <summary>Gets the index of the <c>metric</c> column.</summary>
    public int Metric => this["metric"];

    /// <summary>Gets the index of the <c>value</c> column.</summary>
    public int Value => this["value"];

    /// <summary>Gets the index of the <c>instance</c> column, or -1.</summary>
    public int Instance => this["instance"];

    /// <summary>Gets the index of the <c>source</c> column, or -1.</summary>
    public int Source => this["source"];

    /// <summary>Gets the index of the <c>resource</c> column, or -1.</summary>
    public int Resource => this["resource"];

    /// <summary>Gets the index of the <c>namespace</c> column, or -1.</summary>
    public int Namespace => this["namespace"];

    /// <summary>Gets the index of the <c>dimensions</c> column, or -1.</summary>
    public int Dimensions => this["dimensions"];

    /// <summary>Gets the index of a column by its (lower-case) name, or -1 when the header lacks it.</summary>
    /// <param name="name">The column name.</param>
    public int this[string name] => _indexes.TryGetValue(name, out var index) ? index : -1;

    /// <summary>Reads the header's column names.</summary>
    /// <param name="header">The header's fields.</param>
    /// <param name="sourceName">The input's name, for errors.</param>
    /// <param name="lineNumber">The header's line, for errors.</param>
    /// <returns>The columns.</returns>
    /// <exception cref="MetricCsvFormatException">A column is unknown or repeated, or a required one is missing.</exception>
    public static MetricCsvColumns Parse(IReadOnlyList<string> header, string sourceName, int lineNumber)
    {
        var indexes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!Required.Contains(name, StringComparer.OrdinalIgnoreCase) && !Optional.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"unknown column '{header[i]}'; expected {Expected}");
            }

            if (!indexes.TryAdd(name, i))
            {
                throw new MetricCsvFormatException(sourceName, lineNumber, $"column '{name}' appears twice; expected {Expected}");
            }
        }

        var missing = Required.Where(name => !indexes.ContainsKey(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new MetricCsvFormatException(sourceName, lineNumber, $"the header lacks the column(s) {string.Join(", ", missing)}; expected {Expected}");
        }

        return new MetricCsvColumns(indexes, header.Count);
    }
}
