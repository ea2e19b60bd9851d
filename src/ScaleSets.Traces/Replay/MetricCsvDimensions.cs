using System.Text;

namespace ScaleSets.Replay;

/// <summary>
/// Parses the <c>dimensions</c> field of a metrics CSV: <c>Name=Value;Name=Value</c>. A backslash escapes the next
/// character, so <c>\;</c>, <c>\=</c> and <c>\\</c> stand for a literal <c>;</c>, <c>=</c> and <c>\</c> in a name or value.
/// Names and values are trimmed of unescaped white space; an empty field means no dimensions; names are unique
/// (case-insensitive).
/// </summary>
internal static class MetricCsvDimensions
{
    /// <summary>Parses one field.</summary>
    /// <param name="field">The field's text (already unquoted).</param>
    /// <param name="sourceName">The input's name, for errors.</param>
    /// <param name="lineNumber">The row's line, for errors.</param>
    /// <returns>The dimensions (case-insensitive names), or <see langword="null"/> for an empty field.</returns>
    /// <exception cref="MetricCsvFormatException">A pair lacks <c>=</c> or a name, a name repeats, or an escape is incomplete.</exception>
    public static Dictionary<string, string>? Parse(string field, string sourceName, int lineNumber)
    {
        if (field.Trim().Length == 0)
        {
            return null;
        }

        var dimensions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var name = new StringBuilder();
        var value = new StringBuilder();

        // Per part (0 name, 1 value): where escaped characters begin and end, so trimming never removes an escaped one.
        Span<int> firstEscaped = [-1, -1];
        Span<int> escapedEnd = [0, 0];
        var part = 0;
        var pair = 1;
        for (var i = 0; i <= field.Length; i++)
        {
            if (i == field.Length || field[i] == ';')
            {
                var key = Finish(name, firstEscaped[0], escapedEnd[0]);
                Add(dimensions, key, part == 1 ? Finish(value, firstEscaped[1], escapedEnd[1]) : null, pair, field, sourceName, lineNumber);
                name.Clear();
                value.Clear();
                firstEscaped.Fill(-1);
                escapedEnd.Clear();
                part = 0;
                pair++;
                continue;
            }

            var current = part == 0 ? name : value;
            var c = field[i];
            if (c == '\\')
            {
                if (i + 1 == field.Length)
                {
                    throw new MetricCsvFormatException(sourceName, lineNumber, $"dimensions '{field}' end with a lone '\\'; write '\\\\' for a backslash");
                }

                if (firstEscaped[part] < 0)
                {
                    firstEscaped[part] = current.Length;
                }

                current.Append(field[++i]);
                escapedEnd[part] = current.Length;
            }
            else if (c == '=' && part == 0)
            {
                part = 1;
            }
            else
            {
                current.Append(c);
            }
        }

        return dimensions;
    }

    private static void Add(
        Dictionary<string, string> dimensions,
        string key,
        string? value,
        int pair,
        string field,
        string sourceName,
        int lineNumber)
    {
        if (value is null)
        {
            if (key.Length == 0)
            {
                // An empty pair, as after a trailing ';', is nothing.
                return;
            }

            throw new MetricCsvFormatException(sourceName, lineNumber, $"dimension {pair} '{key}' in '{field}' has no '='; write Name=Value;Name=Value (escape ';', '=' and '\\' in names and values as '\\;', '\\=' and '\\\\')");
        }

        if (key.Length == 0)
        {
            throw new MetricCsvFormatException(sourceName, lineNumber, $"dimension {pair} in '{field}' has no name before '='");
        }

        if (!dimensions.TryAdd(key, value))
        {
            throw new MetricCsvFormatException(sourceName, lineNumber, $"dimension '{key}' appears twice in '{field}'");
        }
    }

    // Trims white space at both ends, but never an escaped character.
    private static string Finish(StringBuilder builder, int firstEscaped, int escapedEnd)
    {
        var start = 0;
        var end = builder.Length;
        var startLimit = firstEscaped < 0 ? end : firstEscaped;
        while (start < startLimit && char.IsWhiteSpace(builder[start]))
        {
            start++;
        }

        while (end > Math.Max(start, escapedEnd) && char.IsWhiteSpace(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(start, end - start);
    }
}
