using System.Globalization;
using System.Text.Json;
using static ScaleSets.Configuration.SettingJsonText;

namespace ScaleSets.Configuration;

/// <summary>
/// Reads the values of a setting document (strings, numbers, flags, durations, dates, enum names, arrays) and collects
/// every problem with its JSONPath; a value that cannot be read is reported and read as <see langword="null"/>, never
/// thrown. Objects are read property by property by a <see cref="SettingObjectShape{T}"/>; template expressions are
/// evaluated by <see cref="Values"/>.
/// </summary>
internal sealed class SettingValueReader
{
    public SettingValueReader() => Values = new TemplateValueResolver(Error, Warning);

    /// <summary>Gets every problem found so far.</summary>
    public List<SettingProblem> Problems { get; } = [];

    /// <summary>Gets the document paths of every error (a value the model does not hold as written).</summary>
    public List<string> FailedPaths { get; } = [];

    /// <summary>Gets the model paths whose values stand elsewhere in the document, with that document path.</summary>
    public List<KeyValuePair<string, string>> PathMap { get; } = [];

    /// <summary>Gets the template expression evaluator.</summary>
    public TemplateValueResolver Values { get; }

    /// <summary>Gets or sets whether the document is Azure's (a resource or a template), which knows a few more properties.</summary>
    public bool Azure { get; set; }

    public void Error(string path, string message)
    {
        Problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));
        FailedPaths.Add(path);
    }

    public void Warning(string path, string message) => Problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));

    public void UnknownProperty(string path, string name) => Warning(path, $"unknown property '{name}' ignored");

    public void MapPath(string modelPath, string documentPath)
    {
        if (modelPath != documentPath)
        {
            PathMap.Add(new(modelPath, documentPath));
        }
    }

    // The inverse of the path map (the model path of a document path), by the longest document prefix.
    private string ToModelPath(string documentPath)
    {
        KeyValuePair<string, string>? best = null;
        foreach (var pair in PathMap)
        {
            if (SettingPaths.IsAtOrUnder(documentPath, pair.Value) && (best is null || pair.Value.Length > best.Value.Value.Length))
            {
                best = pair;
            }
        }

        return best is { } match ? match.Key + documentPath[match.Value.Length..] : documentPath;
    }

    public bool Expect(JsonElement element, string path, JsonValueKind kind)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Error(path, $"expected {(kind == JsonValueKind.Object ? "an object" : "an array")}, found {Describe(element)}");
        return false;
    }

    public List<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T?> readItem)
        where T : class => ReadArrayCore(element, path, (e, p) =>
        {
            var value = readItem(e, p);
            return (value, value is not null);
        });

    public List<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T?> readItem)
        where T : struct => ReadArrayCore(element, path, (e, p) => readItem(e, p) is { } value ? (value, true) : (default, false));

    private List<T> ReadArrayCore<T>(JsonElement element, string path, Func<JsonElement, string, (T? Value, bool Ok)> readItem)
    {
        var items = new List<T>();
        if (!Expect(element, path, JsonValueKind.Array))
        {
            return items;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var at = Index(path, index++);
            if (Values.Resolve(item, at) is not { } resolved)
            {
                continue;
            }

            var (value, ok) = readItem(resolved, at);
            if (ok)
            {
                // An item left out before this one moves it in the model: its problems still name it where it is written.
                if (items.Count != index - 1)
                {
                    MapPath(Index(ToModelPath(path), items.Count), at);
                }

                items.Add(value!);
            }
        }

        return items;
    }

    public string? ReadString(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a string, found {Describe(element)}");
            return null;
        }

        var text = element.GetString()!;
        return IsTemplateExpression(text, path) ? null : text;
    }

    // A resource id, namespace or region is kept as written, a template expression too: it identifies a series (or a
    // notification's resource) whether or not it was resolved, and the target and its metrics are usually written alike.
    public string? ReadResourceId(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a string, found {Describe(element)}");
            return null;
        }

        return element.GetString();
    }

    public int? ReadInt(JsonElement element, string path) => ReadScalar<int>(
        element,
        path,
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number) ? number : null,
        static text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        static e => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var real) && Math.Abs(real) >= int.MaxValue
            ? $"{Describe(e)} is too large: a whole number from {int.MinValue} to {int.MaxValue} is expected"
            : $"expected a whole number, found {Describe(e)}");

    public double? ReadDouble(JsonElement element, string path) => ReadScalar<double>(
        element,
        path,
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) ? number : null,
        static text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        static e => $"expected a number, found {Describe(e)}");

    public bool? ReadBool(JsonElement element, string path) => ReadScalar<bool>(
        element,
        path,
        element.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null },
        static text => bool.TryParse(text, out var flag) ? flag : null,
        static e => $"expected true or false, found {Describe(e)}");

    // A number or flag is its JSON value or a string that spells it (trimmed); anything else is reported by
    // problem, except an unresolved template expression, which is reported as one.
    private T? ReadScalar<T>(JsonElement element, string path, T? value, Func<string, T?> parse, Func<JsonElement, string> problem)
        where T : struct
    {
        if (value is { } given)
        {
            return given;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var written = element.GetString()!;
            if (IsTemplateExpression(written, path))
            {
                return null;
            }

            if (parse(written.Trim()) is { } parsed)
            {
                return parsed;
            }
        }

        Error(path, problem(element));
        return null;
    }

    public TimeSpan? ReadDuration(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!.Trim();
            if (IsTemplateExpression(text, path))
            {
                return null;
            }

            if (DurationText.TryParse(text, out var duration, out var reason))
            {
                return duration;
            }

            Error(path, $"'{text}' is not a duration: {reason}");
            return null;
        }

        Error(path, $"expected a duration such as \"PT5M\" or \"00:05:00\", found {Describe(element)}");
        return null;
    }

    public DateTime? ReadLocalDateTime(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a date and time such as \"2026-12-24T00:00:00\", found {Describe(element)}");
            return null;
        }

        var text = element.GetString()!.Trim();
        if (IsTemplateExpression(text, path))
        {
            return null;
        }

        if (!LocalDateTimeText.TryParse(text, out var local, out var offset))
        {
            Error(path, $"'{text}' is not a date and time such as \"2026-12-24T00:00:00\"");
            return null;
        }

        // Azure reads fixed dates as wall-clock times in the profile's time zone; the portal adds a "Z" that means nothing.
        if (offset is { Length: > 0 } && !string.Equals(offset, "Z", StringComparison.OrdinalIgnoreCase))
        {
            Warning(path, $"the offset {offset} is ignored: a fixed date is a local time in the profile's timeZone");
        }

        return local;
    }

    public T? ReadEnum<T>(JsonElement element, string path, string what, Dictionary<string, T>? aliases = null)
        where T : struct, Enum
    {
        var allowed = string.Join(", ", Enum.GetNames<T>());
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a {what} ({allowed}), found {Describe(element)}");
            return null;
        }

        var text = element.GetString()!.Trim();
        if (IsTemplateExpression(text, path))
        {
            return null;
        }

        // Enum.TryParse also accepts numbers and comma lists; only names are meaningful in a setting.
        if (text.Length > 0 && char.IsLetter(text[0]) && !text.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        if (aliases is not null && aliases.TryGetValue(text, out value))
        {
            return value;
        }

        Error(path, $"unknown {what} '{text}'; allowed values: {allowed}");
        return null;
    }

    // Azure's service parses days as .NET's DayOfWeek, so the REST specification's own example writes "1" for Monday.
    public DayOfWeek? ReadDay(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String && element.GetString()!.Trim() is { Length: 1 } digit && digit[0] is >= '0' and <= '6'
            ? (DayOfWeek)(digit[0] - '0')
            : ReadEnum<DayOfWeek>(element, path, "day (or 0 for Sunday to 6 for Saturday)");

    private bool IsTemplateExpression(string text, string path)
    {
        // In a template every expression is evaluated before it is read. "[[" escapes a literal bracket in ARM templates.
        if (Values.Scope is null && text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal))
        {
            Error(path, $"ARM template expression '{text}' must be resolved first: deploy the template or replace the expression with its value");
            return true;
        }

        return false;
    }
}
