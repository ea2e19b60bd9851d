using System.Globalization;
using ScaleSets.HAProxy.Runtime;

namespace ScaleSets.HAProxy.Metrics;

/// <summary>
/// Reads the backend and server rows of a <c>show stat</c> answer for metrics, by column name, without splitting the text
/// into strings: only server names are allocated. What is wrong with single rows or fields (a truncated row, a value that
/// is not a number, a missing column) becomes a problem naming the source, the line and the field; the rest is read.
/// </summary>
internal static class StatMetricsCsv
{
    public const int FieldCount = 7;

    /// <summary>The column of each <see cref="StatField"/>.</summary>
    public static readonly string[] Columns = ["scur", "qcur", "rtime", "ttime", "req_tot", "stot", "hrsp_5xx"];

    private const string HeaderStart = "# pxname,";

    /// <summary>Finds where the CSV starts in an answer (after <c>show info</c>'s lines, when both were asked for).</summary>
    /// <returns>The index of the header line, or -1.</returns>
    public static int FindHeader(string text)
    {
        var at = text.IndexOf(HeaderStart, StringComparison.Ordinal);
        while (at > 0 && text[at - 1] != '\n')
        {
            at = text.IndexOf(HeaderStart, at + 1, StringComparison.Ordinal);
        }

        return at;
    }

    /// <summary>Reads the rows of <paramref name="backend"/> from the header at <paramref name="start"/> on.</summary>
    /// <param name="text">The answer.</param>
    /// <param name="start">The index of the header line (<see cref="FindHeader"/>).</param>
    /// <param name="backend">The backend whose rows to keep (<c>pxname</c>).</param>
    /// <param name="source">The source's name, to start every problem with.</param>
    /// <param name="rows">Receives the rows.</param>
    /// <param name="problems">Receives the problems.</param>
    /// <exception cref="FormatException">The header lacks <c>pxname</c>, <c>svname</c> or <c>type</c>: nothing can be read.</exception>
    public static void Read(string text, int start, string backend, string source, List<StatRow> rows, List<string> problems)
    {
        var headerEnd = text.IndexOf('\n', start);
        if (headerEnd < 0)
        {
            throw new FormatException($"{source}: the 'show stat' answer ends inside its header line (truncated).");
        }

        var header = text.AsSpan(start + 2, headerEnd - start - 2).TrimEnd('\r');
        var columnOf = new int[FieldCount];
        Array.Fill(columnOf, -1);
        int pxname = -1, svname = -1, type = -1, sid = -1, count = 0;
        foreach (var range in header.Split(','))
        {
            var name = header[range];
            if (name.SequenceEqual("pxname"))
            {
                pxname = count;
            }
            else if (name.SequenceEqual("svname"))
            {
                svname = count;
            }
            else if (name.SequenceEqual("type"))
            {
                type = count;
            }
            else if (name.SequenceEqual("sid"))
            {
                sid = count;
            }
            else
            {
                for (var f = 0; f < FieldCount; f++)
                {
                    if (columnOf[f] < 0 && name.SequenceEqual(Columns[f]))
                    {
                        columnOf[f] = count;
                    }
                }
            }

            count++;
        }

        // HAProxy ends the header with a ',' (an empty last name): a row has as many fields as the header.
        var fieldsPerRow = count;
        if (pxname < 0 || svname < 0 || type < 0)
        {
            var missing = string.Join("', '", new[] { (pxname, "pxname"), (svname, "svname"), (type, "type") }.Where(c => c.Item1 < 0).Select(c => c.Item2));
            throw new FormatException($"{source}: the 'show stat' header has no '{missing}' column: '{RuntimeInput.Describe(Clip(header.ToString()))}'.");
        }

        for (var f = 0; f < FieldCount; f++)
        {
            if (columnOf[f] < 0)
            {
                problems.Add($"{source}: the 'show stat' header has no '{Columns[f]}' column; what it measures is not reported.");
            }
        }

        var lineNumber = 1 + CountLines(text, start);
        var position = headerEnd + 1;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var truncated = end < 0;
            var lineEnd = truncated ? text.Length : end;
            var line = text.AsSpan(position, lineEnd - position).TrimEnd('\r');
            position = lineEnd + 1;
            lineNumber++;
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (truncated)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: the 'show stat' answer ends inside line {lineNumber} (truncated); the row is skipped."));
                break;
            }

            ReadRow(line, lineNumber, backend, source, columnOf, new KeyColumns(pxname, svname, type, sid), fieldsPerRow, rows, problems);
        }
    }

    private static void ReadRow(
        ReadOnlySpan<char> line, int lineNumber, string backend, string source, int[] columnOf, KeyColumns keys, int fieldsPerRow, List<StatRow> rows, List<string> problems)
    {
        Span<Range> fields = stackalloc Range[Math.Min(fieldsPerRow + 1, 1024)];
        var n = line.Split(fields, ',');
        if (n != fieldsPerRow)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: 'show stat' line {lineNumber} has {(n > fieldsPerRow ? "more" : n.ToString(CultureInfo.InvariantCulture))} fields where the header has {fieldsPerRow}; the row is skipped."));
            return;
        }

        if (!line[fields[keys.Proxy]].SequenceEqual(backend))
        {
            return;
        }

        var kind = line[fields[keys.Type]];
        var isBackend = kind.SequenceEqual("1");
        if (!isBackend && !kind.SequenceEqual("2"))
        {
            return;
        }

        var server = isBackend ? "BACKEND" : line[fields[keys.Server]].ToString();
        var id = keys.Id >= 0 && int.TryParse(line[fields[keys.Id]], NumberStyles.None, CultureInfo.InvariantCulture, out var sid) ? sid : -1;
        var values = default(StatValues);
        for (var f = 0; f < FieldCount; f++)
        {
            values[f] = double.NaN;
            if (columnOf[f] < 0)
            {
                continue;
            }

            var text = line[fields[columnOf[f]]];
            if (text.IsEmpty)
            {
                continue;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[f] = value;
            }
            else
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: 'show stat' line {lineNumber} ({backend}/{server}): '{Columns[f]}' is '{RuntimeInput.Describe(Clip(text.ToString()))}', not a count; that value is skipped."));
            }
        }

        rows.Add(new StatRow(server, isBackend, lineNumber, values, id));
    }

    /// <summary>The columns that identify a row.</summary>
    private readonly record struct KeyColumns(int Proxy, int Server, int Type, int Id);

    private static int CountLines(string text, int end) => text.AsSpan(0, end).Count('\n');

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
