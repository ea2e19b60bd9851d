using System.Text.Json;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Reads the values of a HorizontalPodAutoscaler manifest (whole numbers, quantities, strings, objects) with Kubernetes'
/// own messages, and records every problem and every model path whose value stands elsewhere in the manifest.
/// </summary>
/// <param name="problems">Where problems are added.</param>
/// <param name="pathMap">Where model paths are mapped to manifest paths.</param>
internal sealed class ManifestValues(List<SettingProblem> problems, List<KeyValuePair<string, string>> pathMap)
{
    /// <summary>The model path of the one profile a manifest becomes.</summary>
    public const string Profile = "$.profiles[0]";

    /// <summary>Gets the model paths mapped so far, in the order they were mapped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PathMap => pathMap;

    public int? Int(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            return number;
        }

        Error(path, element.ValueKind == JsonValueKind.Number
            ? $"{Describe(element)} is not a whole number that fits in 32 bits"
            : $"expected a whole number, found {Describe(element)}");
        return null;
    }

    public double? Quantity(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out var number) && double.IsFinite(number):
                return number;
            case JsonValueKind.String when KubernetesQuantity.TryParse(element.GetString()!, out var quantity):
                return quantity;
        }

        Error(path, $"expected a quantity such as 500m, 2 or 128Mi, found {Describe(element)}");
        return null;
    }

    public string? String(JsonElement? element, string path)
    {
        if (element is { ValueKind: JsonValueKind.String } text)
        {
            return text.GetString();
        }

        Error(path, element is null ? "missing" : $"expected a string, found {Describe(element.Value)}");
        return null;
    }

    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"expected an object, found {Describe(element)}");
        return false;
    }

    public T Fail<T>(string path, string message, T fallback)
    {
        Error(path, message);
        return fallback;
    }

    public void Map(string modelPath, string documentPath) => pathMap.Add(new(modelPath, documentPath));

    public void Error(string path, string message) => problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));

    public void Warning(string path, string message) => problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));

    public static string? Text(JsonElement? element) => element is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    public static JsonElement? Find(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{SettingJsonText.Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => SettingJsonText.Shorten(element.GetRawText()),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => element.GetRawText(),
    };

    public static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
