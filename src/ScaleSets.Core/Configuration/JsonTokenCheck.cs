using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ScaleSets.Configuration;

/// <summary>
/// Goes through a JSON document's tokens once, before it is read, for what a parser accepts without a word or fails on
/// later: a property given twice in one object (names compared case-insensitively, as the reader matches them; a parser
/// keeps the last silently, so <c>"threshold": 80, "threshold": 5</c> would mean 5), and a <c>\uD800</c> escape with no
/// pair, which no .NET string can be read from.
/// </summary>
internal static class JsonTokenCheck
{
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Returns an error per repeated property, with its path and the lines and columns of both occurrences, and per
    /// unpaired surrogate escape; <paramref name="unreadable"/> is set when the document cannot be read further.
    /// </summary>
    /// <param name="json">The JSON text; malformed text yields the problems before the fault (the parser reports the fault).</param>
    /// <param name="unreadable">Whether a string of the document cannot be read.</param>
    public static List<SettingProblem> Find(string json, out bool unreadable)
    {
        unreadable = false;
        var problems = new List<SettingProblem>();
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = LineStarts(bytes);
        var frames = new Stack<(string Path, Dictionary<string, (int Line, int Column)>? Names, StrongBox<int> Index)>();
        string? pendingName = null;
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName or JsonTokenType.String when !TryGetString(ref reader, out _):
                    {
                        var at = Locate(lineStarts, reader.TokenStartIndex);
                        var path = frames.Count == 0 ? "$" : ValuePath(frames.Peek(), reader.TokenType == JsonTokenType.String ? pendingName : null);
                        problems.Add(new SettingProblem(path, string.Create(CultureInfo.InvariantCulture, $"the string at line {at.Line}, column {at.Column} holds a \\u escape of half a character (an unpaired surrogate); write the whole character"), SettingProblemSeverity.Error)
                        {
                            Line = at.Line,
                        });
                        unreadable = true;
                        return problems;
                    }

                    case JsonTokenType.PropertyName:
                    {
                        var frame = frames.Peek();
                        var name = reader.GetString()!;
                        var at = Locate(lineStarts, reader.TokenStartIndex);
                        if (frame.Names!.TryGetValue(name, out var first))
                        {
                            problems.Add(new SettingProblem(
                                SettingJsonText.Child(frame.Path, name),
                                string.Create(CultureInfo.InvariantCulture, $"the property '{name}' is given twice (line {first.Line}, column {first.Column} and line {at.Line}, column {at.Column}); a JSON reader would keep only the last without a word, so remove one"),
                                SettingProblemSeverity.Error) { Line = at.Line });
                        }
                        else
                        {
                            frame.Names[name] = at;
                        }

                        pendingName = name;
                        break;
                    }

                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Push((
                            frames.Count == 0 ? "$" : ValuePath(frames.Peek(), pendingName),
                            reader.TokenType == JsonTokenType.StartObject ? new Dictionary<string, (int, int)>(StringComparer.OrdinalIgnoreCase) : null,
                            new StrongBox<int>(0)));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    default:
                        pendingName = null;
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The document parser reports malformed JSON with its line; the duplicates found so far stand.
        }

        return problems;
    }

    private static bool TryGetString(ref Utf8JsonReader reader, out string? text)
    {
        try
        {
            text = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static string ValuePath((string Path, Dictionary<string, (int Line, int Column)>? Names, StrongBox<int> Index) parent, string? name) =>
        parent.Names is not null ? SettingJsonText.Child(parent.Path, name ?? "") : string.Create(CultureInfo.InvariantCulture, $"{parent.Path}[{parent.Index.Value}]");

    // After a value inside an array, the next one has the next index.
    private static void Advance(Stack<(string Path, Dictionary<string, (int Line, int Column)>? Names, StrongBox<int> Index)> frames)
    {
        if (frames.Count > 0 && frames.Peek().Names is null)
        {
            frames.Peek().Index.Value++;
        }
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Locate(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, (int)(offset - lineStarts[line]) + 1);
    }

}
