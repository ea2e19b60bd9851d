using System.Text.Json;
using ScaleSets.Configuration.Arm;

namespace ScaleSets.Configuration;

/// <summary>
/// Finds the autoscale resources of an ARM template for <see cref="SettingJsonReader"/>, with the scope each one's
/// expressions are evaluated in: in <c>resources</c> (an array, or an object of symbolic names in languageVersion 2.0)
/// and in inline nested deployments.
/// </summary>
/// <param name="values">Evaluates conditions and a nested deployment's parameters.</param>
/// <param name="error">Reports an error at a document path.</param>
/// <param name="warning">Reports a warning at a document path.</param>
internal sealed class TemplateResourceFinder(TemplateValueResolver values, Action<string, string> error, Action<string, string> warning)
{
    public const string AutoscaleResourceType = "Microsoft.Insights/autoscalesettings";
    public const string DeploymentResourceType = "Microsoft.Resources/deployments";
    private const int MaxNestedDeployments = 8;

    // Collects the autoscale resources of a template: "resources" is an array, or an object of symbolic names in a
    // languageVersion 2.0 template; inline nested deployments are searched with their own scope ("inner") or their
    // parent's ("outer", ARM's default). Resources whose condition is false, and Bicep's "existing" references, are left out.
    public bool Find(JsonElement template, string path, ArmScope scope, List<(JsonElement, string, ArmScope)> found, int depth)
    {
        var resources = SettingJsonText.Find(template, "resources");
        IEnumerable<(JsonElement Resource, string Path)> listed;
        var at = SettingJsonText.Child(path, "resources");
        switch (resources)
        {
            case { ValueKind: JsonValueKind.Array } array:
                listed = array.EnumerateArray().Select((r, i) => (r, SettingJsonText.Index(at, i)));
                break;
            case { ValueKind: JsonValueKind.Object } symbolic:
                listed = symbolic.EnumerateObject().Select(p => (p.Value, SettingJsonText.Child(at, p.Name)));
                break;
            default:
                error(at, resources is null
                    ? "the ARM template has no 'resources'"
                    : $"expected the template's resources as an array (or an object in languageVersion 2.0), found {SettingJsonText.Describe(resources.Value)}");
                return false;
        }

        foreach (var (resource, resourcePath) in listed)
        {
            if (resource.ValueKind != JsonValueKind.Object || SettingJsonText.Find(resource, "type") is not { ValueKind: JsonValueKind.String } typeElement
                || SettingJsonText.Find(resource, "existing") is { ValueKind: JsonValueKind.True } || !IsDeployed(resource, resourcePath, scope))
            {
                continue;
            }

            var type = typeElement.GetString()!;
            if (string.Equals(type, AutoscaleResourceType, StringComparison.OrdinalIgnoreCase))
            {
                if (SettingJsonText.Find(resource, "copy") is not null)
                {
                    error(SettingJsonText.Child(resourcePath, "copy"), "a copy loop over the autoscale setting is not supported: write out the one setting to import");
                }

                found.Add((resource, resourcePath, scope));
            }
            else if (string.Equals(type, DeploymentResourceType, StringComparison.OrdinalIgnoreCase))
            {
                FindInDeployment(resource, resourcePath, scope, found, depth);
            }
        }

        return true;
    }

    private void FindInDeployment(JsonElement deployment, string path, ArmScope scope, List<(JsonElement, string, ArmScope)> found, int depth)
    {
        var properties = SettingJsonText.Find(deployment, "properties");
        var propertiesPath = SettingJsonText.Child(path, "properties");
        if (SettingJsonText.Find(properties ?? default, "template") is not { ValueKind: JsonValueKind.Object } nested)
        {
            if (SettingJsonText.Find(properties ?? default, "templateLink") is not null)
            {
                warning(SettingJsonText.Child(propertiesPath, "templateLink"), "a linked template is not read (only inline nested templates are searched for an autoscale setting)");
            }

            return;
        }

        if (depth >= MaxNestedDeployments)
        {
            error(path, $"nested deployments deeper than {MaxNestedDeployments} levels are not searched");
            return;
        }

        var inner = SettingJsonText.Find(SettingJsonText.Find(properties!.Value, "expressionEvaluationOptions") ?? default, "scope") is { ValueKind: JsonValueKind.String } s
            && string.Equals(s.GetString(), "inner", StringComparison.OrdinalIgnoreCase);
        var nestedScope = scope;
        if (inner)
        {
            // An inner-scope template sees only the parameters the deployment passes, evaluated in the parent's scope.
            var given = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (SettingJsonText.Find(properties.Value, "parameters") is { ValueKind: JsonValueKind.Object } passed)
            {
                foreach (var parameter in passed.EnumerateObject())
                {
                    if (SettingJsonText.Find(parameter.Value, "value") is { } value
                        && values.Evaluate(value, SettingJsonText.Child(SettingJsonText.Child(SettingJsonText.Child(propertiesPath, "parameters"), parameter.Name), "value"), scope, deep: true, out var evaluated))
                    {
                        given[parameter.Name] = evaluated;
                    }
                }
            }

            nestedScope = new ArmScope(nested, given);
        }

        Find(nested, SettingJsonText.Child(propertiesPath, "template"), nestedScope, found, depth + 1);
    }

    private bool IsDeployed(JsonElement resource, string path, ArmScope scope)
    {
        if (SettingJsonText.Find(resource, "condition") is not { } condition)
        {
            return true;
        }

        if (!values.Evaluate(condition, SettingJsonText.Child(path, "condition"), scope, deep: false, out var value))
        {
            return true;
        }

        if (value is ArmUnknown unknown)
        {
            warning(SettingJsonText.Child(path, "condition"), $"the condition depends on {unknown.Reason}; the resource is read as deployed");
            return true;
        }

        return value is not false;
    }
}
