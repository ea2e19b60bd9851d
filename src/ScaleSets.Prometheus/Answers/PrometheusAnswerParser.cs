using System.Globalization;
using System.Text.Json;

namespace ScaleSets.Prometheus.Answers;

/// <summary>
/// Reads the JSON of an instant query's answer (<c>{"status":"success","data":{"resultType":"vector","result":[…]}}</c>)
/// with a forward-only reader: labels into a dictionary per series, values from Prometheus' strings (<c>"0.5"</c>,
/// <c>"NaN"</c>, <c>"+Inf"</c>). Anything else than the documented shape is a <see cref="PrometheusAnswerException"/>
/// naming what and the byte where it was found.
/// </summary>
internal static class PrometheusAnswerParser
{
    public static PrometheusAnswer Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        try
        {
            return ReadAnswer(ref reader);
        }
        catch (JsonException ex)
        {
            throw new PrometheusAnswerException(
                string.Create(CultureInfo.InvariantCulture, $"the answer is not valid JSON at byte {reader.BytesConsumed} of {json.Length} (truncated, or not Prometheus' HTTP API?): {ex.Message}"),
                ex);
        }
    }

    private static PrometheusAnswer ReadAnswer(ref Utf8JsonReader reader)
    {
        Read(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, "the answer");
        string? status = null, errorType = null, error = null, resultType = null;
        List<PrometheusSeries>? series = null;
        List<string>? warnings = null;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                status = ReadString(ref reader, "status");
            }
            else if (reader.ValueTextEquals("errorType"u8))
            {
                errorType = ReadString(ref reader, "errorType");
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = ReadString(ref reader, "error");
            }
            else if (reader.ValueTextEquals("warnings"u8))
            {
                warnings = ReadStrings(ref reader, "warnings");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                Expect(ref reader, JsonTokenType.StartObject, "data");
                (resultType, series) = ReadData(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }

        Expect(ref reader, JsonTokenType.EndObject, "the answer");
        if (reader.Read())
        {
            throw Shape(ref reader, "the answer goes on after its end");
        }

        if (status is null)
        {
            throw new PrometheusAnswerException("the answer has no 'status' (not Prometheus' HTTP API?)");
        }

        var success = string.Equals(status, "success", StringComparison.Ordinal);
        if (success && (resultType is null || series is null))
        {
            throw new PrometheusAnswerException("the answer says success but has no 'data.resultType' and 'data.result'");
        }

        if (!success && !string.Equals(status, "error", StringComparison.Ordinal))
        {
            throw new PrometheusAnswerException($"the answer's status is '{status}' (expected success or error)");
        }

        return new PrometheusAnswer(success, errorType, error, resultType, (IReadOnlyList<PrometheusSeries>?)series ?? [], (IReadOnlyList<string>?)warnings ?? []);
    }

    private static (string? ResultType, List<PrometheusSeries>? Series) ReadData(ref Utf8JsonReader reader)
    {
        string? resultType = null;
        List<PrometheusSeries>? series = null;
        var result = default(Utf8JsonReader);
        var hasResult = false;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resultType"u8))
            {
                resultType = ReadString(ref reader, "data.resultType");
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                // The result's shape depends on resultType, which JSON does not promise to come first: remember where it is.
                Read(ref reader);
                result = reader;
                hasResult = true;
                reader.Skip();
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }

        Expect(ref reader, JsonTokenType.EndObject, "data");
        if (hasResult && resultType is not null)
        {
            series = ReadResult(ref result, resultType);
        }

        return (resultType, series);
    }

    private static List<PrometheusSeries> ReadResult(ref Utf8JsonReader reader, string resultType)
    {
        switch (resultType)
        {
            case "vector":
                Expect(ref reader, JsonTokenType.StartArray, "data.result");
                var series = new List<PrometheusSeries>();
                while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                {
                    series.Add(ReadVectorSample(ref reader, series.Count));
                }

                return series;
            case "scalar":
                var (value, text) = ReadValue(ref reader, -1);
                return [new PrometheusSeries(EmptyLabels, value, text)];
            default:
                throw new PrometheusAnswerException($"the result is a {resultType}; an instant query for a metric must give a vector or a scalar");
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>(0, StringComparer.Ordinal);

    private static PrometheusSeries ReadVectorSample(ref Utf8JsonReader reader, int index)
    {
        // Where-strings are built only for a message: a poll of a thousand series allocates none of them.
        Expect(ref reader, JsonTokenType.StartObject, index, null);
        IReadOnlyDictionary<string, string>? labels = null;
        double? value = null;
        string? text = null;
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metric"u8))
            {
                labels = ReadLabels(ref reader, index);
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                Read(ref reader);
                (var v, text) = ReadValue(ref reader, index);
                value = v;
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }

        Expect(ref reader, JsonTokenType.EndObject, index, null);
        if (value is null)
        {
            throw new PrometheusAnswerException($"{Where(index, null)} has no 'value'");
        }

        return new PrometheusSeries(labels ?? EmptyLabels, value.Value, text);
    }

    /// <summary>The common label names, so a thousand series share one string of each.</summary>
    private static readonly string[] CommonLabels = ["__name__", "instance", "job", "pod", "namespace", "host", "node", "mode", "cpu", "device", "le", "service", "container"];

    private static string LabelName(ref Utf8JsonReader reader)
    {
        foreach (var name in CommonLabels)
        {
            if (reader.ValueTextEquals(name))
            {
                return name;
            }
        }

        return reader.GetString()!;
    }

    private static string Where(int index, string? part) =>
        index < 0 ? "data.result" + part : string.Create(CultureInfo.InvariantCulture, $"data.result[{index}]{part}");

    private static Dictionary<string, string> ReadLabels(ref Utf8JsonReader reader, int index)
    {
        Read(ref reader);
        Expect(ref reader, JsonTokenType.StartObject, index, ".metric");
        var labels = new Dictionary<string, string>(4, StringComparer.Ordinal);
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = LabelName(ref reader);
            Read(ref reader);
            if (reader.TokenType != JsonTokenType.String)
            {
                Expect(ref reader, JsonTokenType.String, index, ".metric." + name);
            }

            if (!labels.TryAdd(name, reader.GetString()!))
            {
                throw Shape(ref reader, $"{Where(index, ".metric")} has the label '{name}' twice");
            }
        }

        Expect(ref reader, JsonTokenType.EndObject, index, ".metric");
        return labels;
    }

    /// <summary>Reads <c>[ &lt;unix seconds&gt;, "&lt;value&gt;" ]</c>, the reader on its start; the text is kept only for a value that is not a number.</summary>
    private static (double Value, string? Text) ReadValue(ref Utf8JsonReader reader, int index)
    {
        Expect(ref reader, JsonTokenType.StartArray, index, ".value");
        Read(ref reader);
        Expect(ref reader, JsonTokenType.Number, index, ".value[0] (the time)");
        Read(ref reader);
        Expect(ref reader, JsonTokenType.String, index, ".value[1] (the value)");
        double value;
        string? text = null;
        if (reader.ValueTextEquals("NaN"u8))
        {
            (value, text) = (double.NaN, "NaN");
        }
        else if (reader.ValueTextEquals("+Inf"u8) || reader.ValueTextEquals("Inf"u8))
        {
            (value, text) = (double.PositiveInfinity, "+Inf");
        }
        else if (reader.ValueTextEquals("-Inf"u8))
        {
            (value, text) = (double.NegativeInfinity, "-Inf");
        }
        else if (!reader.ValueIsEscaped && !reader.HasValueSequence
            && System.Buffers.Text.Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            // The common case, read without a string.
        }
        else
        {
            text = reader.GetString()!;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw Shape(ref reader, $"{Where(index, ".value[1]")} is '{text}', not a number");
            }
        }

        Read(ref reader);
        Expect(ref reader, JsonTokenType.EndArray, index, ".value");
        return (value, text);
    }

    private static string? ReadString(ref Utf8JsonReader reader, string where)
    {
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.String, where);
        return reader.GetString();
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader, string where)
    {
        Read(ref reader);
        var list = new List<string>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return list;
        }

        Expect(ref reader, JsonTokenType.StartArray, where);
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.String, where);
            list.Add(reader.GetString()!);
        }

        return list;
    }

    private static bool Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new PrometheusAnswerException(
                string.Create(CultureInfo.InvariantCulture, $"the answer ends early, at byte {reader.BytesConsumed} (truncated?)"));
        }

        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw Shape(ref reader, $"{what} is {Describe(reader.TokenType)} where {Describe(type)} was expected");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, int index, string? part)
    {
        if (reader.TokenType != type)
        {
            throw Shape(ref reader, $"{Where(index, part)} is {Describe(reader.TokenType)} where {Describe(type)} was expected");
        }
    }

    private static PrometheusAnswerException Shape(ref Utf8JsonReader reader, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{what} (at byte {reader.TokenStartIndex})"));

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.EndArray => "the end of an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property",
        _ => type.ToString(),
    };
}
