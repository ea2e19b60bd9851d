using System.Text.Json;

namespace ScaleSets.Configuration.Arm;

/// <summary>
/// Reads an ARM deployment parameters file: <c>{ "parameters": { "name": { "value": … } } }</c> (the bare
/// <c>{ "name": { "value": … } }</c> form that <c>az deployment</c> also takes is accepted). A Key Vault
/// <c>reference</c> stands for a value only Azure knows.
/// </summary>
internal static class ArmParametersFile
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Reads the parameter values; every problem is added to <paramref name="problems"/> with its path in the parameters
    /// file; <paramref name="paths"/> gets each parameter's path there, for the problems found later (an unused name).
    /// </summary>
    public static Dictionary<string, object?> Read(string json, List<SettingProblem> problems, Dictionary<string, string> paths)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            problems.Add(new SettingProblem("", "the parameters file is not valid JSON: " + e.Message, SettingProblemSeverity.Error)
            {
                Line = e.LineNumber is { } line ? (int)line + 1 : null,
            });
            return values;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new SettingProblem("$", "the parameters file must hold a JSON object with \"parameters\"", SettingProblemSeverity.Error));
                return values;
            }

            var section = root;
            var path = "$";
            foreach (var property in root.EnumerateObject())
            {
                if (string.Equals(property.Name, "parameters", StringComparison.OrdinalIgnoreCase))
                {
                    section = property.Value;
                    path = "$.parameters";
                }
            }

            if (section.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new SettingProblem(path, "the parameters file's \"parameters\" must be an object", SettingProblemSeverity.Error));
                return values;
            }

            foreach (var parameter in section.EnumerateObject())
            {
                if (path == "$" && parameter.Name is "$schema" or "contentVersion")
                {
                    continue;
                }

                var at = SettingJsonText.Child(path, parameter.Name);
                paths[parameter.Name] = at;
                var value = parameter.Value.ValueKind == JsonValueKind.Object
                    ? parameter.Value.EnumerateObject().Where(p => p.Name.Equals("value", StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
                    : null;
                if (value is { } given)
                {
                    values[parameter.Name] = ArmValue.FromLiteral(given);
                }
                else if (parameter.Value.ValueKind == JsonValueKind.Object
                    && parameter.Value.EnumerateObject().Any(p => p.Name.Equals("reference", StringComparison.OrdinalIgnoreCase)))
                {
                    values[parameter.Name] = ArmUnknown.Of($"the Key Vault reference of parameter '{parameter.Name}'");
                }
                else
                {
                    problems.Add(new SettingProblem(at, $"the parameters file gives '{parameter.Name}' without a \"value\"; write {{ \"value\": … }}", SettingProblemSeverity.Error));
                }
            }
        }

        return values;
    }
}
