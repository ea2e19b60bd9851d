using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Turns a YAML stream into JSON documents (YAML 1.2's core schema: plain <c>null</c>, <c>true</c>, numbers; quoted
/// scalars stay strings), refusing what a JSON object cannot hold without loss: a key given twice (with both lines),
/// non-scalar keys, and alias expansion beyond a bound (a "billion laughs" document).
/// </summary>
internal static class YamlDocuments
{
    private const int MaxNodes = 1_000_000;
    private const int MaxDepth = 64;

    /// <summary>Returns the documents of <paramref name="yaml"/>; problems (with lines) go to <paramref name="problems"/>.</summary>
    public static List<JsonNode?> Read(string yaml, List<SettingProblem> problems)
    {
        var documents = new List<JsonNode?>();
        var parser = new Parser(new StringReader(yaml));
        var state = new YamlReadState(problems);
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                state.Anchors.Clear();
                var root = ReadNode(parser, "$", state);
                parser.Consume<DocumentEnd>();
                documents.Add(root);
            }
        }
        catch (YamlException e)
        {
            problems.Add(new SettingProblem("", "malformed YAML: " + e.Message, SettingProblemSeverity.Error) { Line = (int)e.Start.Line });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The YAML reader fails this way on some malformed input instead of raising a YamlException.
            var line = parser.Current is { } current ? (int?)current.Start.Line : null;
            problems.Add(new SettingProblem("$", "malformed YAML: " + e.Message, SettingProblemSeverity.Error) { Line = line });
        }

        return documents;
    }

    private static JsonNode? ReadNode(IParser parser, string path, YamlReadState state)
    {
        if (path.Count(c => c is '.' or '[') > MaxDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, string.Create(CultureInfo.InvariantCulture, $"the document nests deeper than {MaxDepth} levels"));
        }

        var start = state.Nodes;
        if (++state.Nodes > MaxNodes)
        {
            throw TooLarge(parser.Current!);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} names no anchor");
            }

            // An alias expands to a copy of its anchor: counted as every value it copies, before it is copied, so
            // nested aliases (a "billion laughs" document) are refused instead of built.
            state.Nodes += target.Size;
            return state.Nodes > MaxNodes ? throw TooLarge(alias) : target.Node?.DeepClone();
        }

        JsonNode? node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor;
            node = ScalarValue(scalar);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequence))
        {
            anchor = sequence.Anchor;
            var array = new JsonArray();
            var index = 0;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), state));
            }

            node = array;
        }
        else
        {
            var mapping = parser.Consume<MappingStart>();
            anchor = mapping.Anchor;
            var map = new JsonObject();
            var lines = new Dictionary<string, long>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw new YamlException(parser.Current!.Start, parser.Current.End, $"at {path}: a key must be a plain value, not a list or a map");
                }

                var at = SettingJsonText.Child(path, key.Value);
                var value = ReadNode(parser, at, state);
                if (lines.TryGetValue(key.Value, out var first))
                {
                    state.Problems.Add(new SettingProblem(at, string.Create(CultureInfo.InvariantCulture, $"the key '{key.Value}' is given twice (lines {first} and {key.Start.Line}); YAML readers keep only one without a word, so remove one"), SettingProblemSeverity.Error)
                    {
                        Line = (int)key.Start.Line,
                    });
                    continue;
                }

                lines[key.Value] = key.Start.Line;
                map[key.Value] = value;
            }

            node = map;
        }

        if (!anchor.IsEmpty)
        {
            state.Anchors[anchor.Value] = (node, state.Nodes - start);
        }

        return node;
    }

    private static YamlException TooLarge(ParsingEvent at) =>
        new(at.Start, at.End, string.Create(CultureInfo.InvariantCulture, $"the document expands to more than {MaxNodes} values (aliases repeated too often)"));

    private static JsonValue? ScalarValue(Scalar scalar)
    {
        var text = scalar.Value;
        var tagged = !scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific;
        if (scalar.Style is not ScalarStyle.Plain || (tagged && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        if ((char.IsAsciiDigit(text[0]) || (text.Length > 1 && text[0] is '-' or '+' or '.'))
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
