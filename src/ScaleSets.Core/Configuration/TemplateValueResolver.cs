using System.Text.Json;
using ScaleSets.Configuration.Arm;

namespace ScaleSets.Configuration;

/// <summary>
/// Evaluates the ARM template expressions <see cref="SettingJsonReader"/> meets, in the scope of the autoscale resource
/// it reads: a value only Azure knows is an error where the setting needs it and a warning (with a placeholder) where it
/// only names a resource; an object or array an expression gave is remembered, so problems inside it are reported at
/// the expression (<see cref="SettingPaths.AtExpression"/>).
/// </summary>
/// <param name="error">Reports an error at a document path.</param>
/// <param name="warning">Reports a warning at a document path.</param>
internal sealed class TemplateValueResolver(Action<string, string> error, Action<string, string> warning)
{
    private readonly Dictionary<string, ArmUnknown> placeholders = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the scope expressions are evaluated in; <see langword="null"/> outside a template.</summary>
    public ArmScope? Scope { get; set; }

    /// <summary>Gets the document paths of expressions that gave an object or array, with their text.</summary>
    public List<KeyValuePair<string, string>> ExpressionRoots { get; } = [];

    public bool Evaluate(JsonElement element, string path, ArmScope scope, bool deep, out object? value)
    {
        try
        {
            value = deep ? scope.EvaluateDeep(element) : element.ValueKind == JsonValueKind.String ? scope.EvaluateString(element.GetString()!) : ArmValue.FromLiteral(element);
            return true;
        }
        catch (ArmExpressionException e)
        {
            error(path, $"cannot evaluate {SettingJsonText.Describe(element)}: {e.Message}");
            value = null;
            return false;
        }
    }

    // The value only Azure knows that a template expression stands for, found without reporting anything: the
    // expression's own problems are reported where it is read.
    public ArmUnknown? UnknownOf(JsonElement value)
    {
        if (Scope is null || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!;
        if (placeholders.TryGetValue(text, out var inside))
        {
            return inside;
        }

        try
        {
            return text.StartsWith('[') ? ArmValue.FindUnknown(Scope.EvaluateString(text)) : null;
        }
        catch (ArmExpressionException)
        {
            return null;
        }
    }

    // Evaluates a template expression where the reader meets it. A value only Azure knows is an error where the setting
    // needs it, and a warning (with a placeholder) where it only names a resource.
    public JsonElement? Resolve(JsonElement value, string path, bool tolerateUnknown = false)
    {
        if (Scope is null || value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetString()!;
        object? result;
        if (placeholders.TryGetValue(text, out var inside))
        {
            // A value only Azure knows, inside an object or array an expression gave: judged where it is read.
            result = inside;
        }
        else if (!text.StartsWith('['))
        {
            return value;
        }
        else if (!Evaluate(value, path, Scope, deep: false, out result))
        {
            return null;
        }

        try
        {
            ArmValue.CheckSize(result);
            if (result is List<object?> or Dictionary<string, object?>)
            {
                // What is read inside this value is not written in the document: its problems stop here.
                ExpressionRoots.Add(new(path, text));
            }

            if (result is not ArmUnknown && result is List<object?> or Dictionary<string, object?> && ArmValue.FindUnknown(result) is not null)
            {
                RegisterPlaceholders(result);
                return ArmValue.ToElement(result);
            }

            if (ArmValue.FindUnknown(result) is { } unknown)
            {
                if (tolerateUnknown && result is ArmUnknown composed)
                {
                    warning(path, $"'{SettingJsonText.Shorten(text)}' depends on {unknown.Reason}; read as \"{(composed.Placeholder.Length <= 300 ? composed.Placeholder : composed.Placeholder[..297] + "...")}\"");
                    return ArmValue.ToElement(composed.Placeholder);
                }

                error(path, $"'{SettingJsonText.Shorten(text)}' has no value here: it depends on {unknown.Reason}; give the value, or replace the expression with the value it has in your deployment");
                return null;
            }

            return ArmValue.ToElement(result);
        }
        catch (ArmExpressionException e)
        {
            error(path, $"cannot use the value of '{SettingJsonText.Shorten(text)}': {e.Message}");
            return null;
        }
    }

    private void RegisterPlaceholders(object? value)
    {
        switch (value)
        {
            case ArmUnknown unknown:
                placeholders.TryAdd(unknown.Placeholder, unknown);
                break;
            case List<object?> list:
                list.ForEach(RegisterPlaceholders);
                break;
            case Dictionary<string, object?> map:
                foreach (var member in map.Values)
                {
                    RegisterPlaceholders(member);
                }

                break;
        }
    }
}
