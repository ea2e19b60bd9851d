using System.Text.Json;

namespace ScaleSets.Configuration.Arm;

/// <summary>
/// The parameters and variables one template's expressions see. A parameter takes its value from the deployment (a
/// parameters file, or a nested deployment's <c>parameters</c>), else from its <c>defaultValue</c>; variables are
/// evaluated on first use. Values are computed once.
/// </summary>
internal sealed class ArmScope
{
    private readonly Dictionary<string, JsonElement> definitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonElement> variableDefinitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyDictionary<string, object?> given;
    private readonly Dictionary<string, object?> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> evaluating = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the scope of <paramref name="template"/> with the deployment's parameter values.</summary>
    /// <param name="template">The template object.</param>
    /// <param name="given">The deployment's values by parameter name (case-insensitive).</param>
    public ArmScope(JsonElement template, IReadOnlyDictionary<string, object?> given)
    {
        this.given = given;
        Collect(template, "parameters", definitions);
        Collect(template, "variables", variableDefinitions);
    }

    /// <summary>Gets the names of the template's parameters.</summary>
    public IEnumerable<string> ParameterNames => definitions.Keys;

    /// <summary>Returns whether <paramref name="text"/> is a template expression (<c>[…]</c>, but not <c>[[…</c>).</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>Evaluates a JSON string as ARM does: an expression is evaluated, <c>[[</c> escapes a literal bracket.</summary>
    /// <exception cref="ArmExpressionException">The expression cannot be evaluated.</exception>
    public object? EvaluateString(string text)
    {
        if (IsExpression(text))
        {
            return ArmExpression.Evaluate(text[1..^1], this);
        }

        return text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text;
    }

    /// <summary>Converts JSON to a value, evaluating every expression string inside it.</summary>
    /// <exception cref="ArmExpressionException">An expression cannot be evaluated.</exception>
    public object? EvaluateDeep(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => EvaluateString(element.GetString()!),
        JsonValueKind.Array => element.EnumerateArray().Select(EvaluateDeep).ToList(),
        JsonValueKind.Object => element.EnumerateObject().Aggregate(ArmValue.NewObject(), (o, p) =>
        {
            o[p.Name] = EvaluateDeep(p.Value);
            return o;
        }),
        _ => ArmValue.FromLiteral(element),
    };

    /// <summary>Returns the value of parameter <paramref name="name"/>.</summary>
    /// <exception cref="ArmExpressionException">The template defines no such parameter, or it has no value.</exception>
    public object? Parameter(string name) => Lookup("parameter", name, () =>
    {
        if (!definitions.TryGetValue(name, out var definition))
        {
            throw new ArmExpressionException($"the template defines no parameter '{name}'");
        }

        object? value;
        if (given.TryGetValue(name, out var deployed))
        {
            value = deployed;
        }
        else if (definition.ValueKind == JsonValueKind.Object && Member(definition, "defaultValue") is { } fallback)
        {
            value = EvaluateDeep(fallback);
        }
        else
        {
            // Azure would refuse the deployment; outside it, the value matters only where the setting needs it.
            return new ArmUnknown($"the parameter '{name}', which has no value and no defaultValue (give it in a parameters file, --parameters FILE)", "{parameters('" + name + "')}");
        }

        CheckAllowed(name, definition, value);
        return value;
    });

    /// <summary>Returns the value of variable <paramref name="name"/>.</summary>
    /// <exception cref="ArmExpressionException">The template defines no such variable, or it cannot be evaluated.</exception>
    public object? Variable(string name) => Lookup("variable", name, () =>
    {
        if (!variableDefinitions.TryGetValue(name, out var definition))
        {
            throw new ArmExpressionException(string.Equals(name, "copy", StringComparison.OrdinalIgnoreCase)
                ? "variable copy loops are not supported"
                : $"the template defines no variable '{name}'");
        }

        return EvaluateDeep(definition);
    });

    private static void CheckAllowed(string name, JsonElement definition, object? value)
    {
        if (value is ArmUnknown || definition.ValueKind != JsonValueKind.Object
            || Member(definition, "allowedValues") is not { ValueKind: JsonValueKind.Array } allowed)
        {
            return;
        }

        var text = ArmValue.Text(value);
        if (!allowed.EnumerateArray().Any(a => string.Equals(ArmValue.Text(ArmValue.FromLiteral(a)), text, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArmExpressionException($"the parameter '{name}' is '{text}', which is not one of its allowedValues ({string.Join(", ", allowed.EnumerateArray().Select(a => ArmValue.Text(ArmValue.FromLiteral(a))))})");
        }
    }

    private object? Lookup(string kind, string name, Func<object?> compute)
    {
        var key = kind + ":" + name;
        if (values.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (!evaluating.Add(key))
        {
            throw new ArmExpressionException($"the {kind} '{name}' refers to itself");
        }

        try
        {
            var value = compute();
            ArmValue.CheckSize(value);
            values[key] = value;
            return value;
        }
        finally
        {
            evaluating.Remove(key);
        }
    }

    private static JsonElement? Member(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static void Collect(JsonElement template, string name, Dictionary<string, JsonElement> into)
    {
        if (template.ValueKind == JsonValueKind.Object && Member(template, name) is { ValueKind: JsonValueKind.Object } section)
        {
            foreach (var property in section.EnumerateObject())
            {
                into[property.Name] = property.Value;
            }
        }
    }
}
