using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScaleSets.Configuration.Arm;

/// <summary>
/// The values template expressions work on: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see langword="null"/>, <see cref="List{T}"/> of values, a case-insensitive
/// <see cref="Dictionary{TKey, TValue}"/> for objects, and <see cref="ArmUnknown"/>.
/// </summary>
internal static class ArmValue
{
    public static Dictionary<string, object?> NewObject() => new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Converts JSON to a value without evaluating anything (a parameters file's values are literal).</summary>
    public static object? FromLiteral(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromLiteral).ToList(),
        JsonValueKind.Object => element.EnumerateObject().Aggregate(NewObject(), (o, p) =>
        {
            o[p.Name] = FromLiteral(p.Value);
            return o;
        }),
        _ => null,
    };

    /// <summary>Returns the first unknown inside <paramref name="value"/>, or <see langword="null"/>.</summary>
    public static ArmUnknown? FindUnknown(object? value) => value switch
    {
        ArmUnknown unknown => unknown,
        List<object?> list => list.Select(FindUnknown).FirstOrDefault(u => u is not null),
        Dictionary<string, object?> map => map.Values.Select(FindUnknown).FirstOrDefault(u => u is not null),
        _ => null,
    };

    // A template can double a value with every variable (concat(v, v)); past these bounds it is refused, not built.
    private const int MaxNodes = 100_000;
    private const long MaxCharacters = 4_000_000;

    /// <summary>Converts a value without unknowns to JSON.</summary>
    /// <exception cref="ArmExpressionException">The value is too large, too deep, or holds text JSON cannot carry.</exception>
    public static JsonElement ToElement(object? value)
    {
        CheckSize(value);
        try
        {
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = 64 }))
            {
                Write(writer, value);
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
        {
            throw new ArmExpressionException("the value cannot be written as JSON: " + e.Message, e);
        }
    }

    /// <summary>Refuses a value of more than 100 000 parts or 4 million characters, counting shared parts each time.</summary>
    /// <exception cref="ArmExpressionException">The value is larger.</exception>
    public static void CheckSize(object? value)
    {
        var nodes = 0;
        var characters = 0L;
        var pending = new Stack<object?>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var item = pending.Pop();
            if (++nodes > MaxNodes)
            {
                throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"the value grows beyond {MaxNodes} parts"));
            }

            switch (item)
            {
                case string text:
                    characters += text.Length;
                    break;
                case List<object?> list:
                    list.ForEach(pending.Push);
                    break;
                case Dictionary<string, object?> map:
                    foreach (var (key, member) in map)
                    {
                        characters += key.Length;
                        pending.Push(member);
                    }

                    break;
            }

            if (characters > MaxCharacters)
            {
                throw new ArmExpressionException(string.Create(CultureInfo.InvariantCulture, $"the value grows beyond {MaxCharacters} characters"));
            }
        }
    }

    /// <summary>The text of a value inside a composed string, as ARM's <c>string()</c> gives it; unknowns as placeholders.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "True" : "False",
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        ArmUnknown unknown => unknown.Placeholder,
        _ => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(ToElement(value))),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "null",
        string => "a string",
        bool => "a bool",
        long or double => "a number",
        List<object?> => "an array",
        Dictionary<string, object?> => "an object",
        _ => "a value known only in Azure",
    };

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (name, item) in map)
                {
                    writer.WritePropertyName(name);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case ArmUnknown unknown:
                writer.WriteStringValue(unknown.Placeholder);
                break;
            default:
                throw new ArmExpressionException($"unexpected value of type {value.GetType().Name}");
        }
    }
}
