using System.Globalization;
using System.Text.Json;

namespace ScaleSets.Configuration;

/// <summary>
/// The JSON helpers every setting reader shares: finding a property by name as Azure does (case-insensitively), the
/// JSONPath of a child or an item, and how a value is named in a message.
/// </summary>
internal static class SettingJsonText
{
    /// <summary>Finds a property of an object case-insensitively; <see langword="null"/> when absent or not an object.</summary>
    public static JsonElement? Find(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>The spelling in <paramref name="names"/> that <paramref name="name"/> matches case-insensitively, if any.</summary>
    public static string? Match(string name, string[] names)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The JSONPath of a property: dotted when the name allows, bracketed and quoted otherwise.</summary>
    public static string Child(string path, string name)
    {
        var simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$')
            && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
        return simple ? path + "." + name : path + "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    /// <summary>The JSONPath of an array item.</summary>
    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>Names a value for a message ("the string \"x\"", "the number 3", "an object").</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    /// <summary>Cuts a text longer than 60 characters to 57 and an ellipsis.</summary>
    public static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
