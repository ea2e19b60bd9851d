using System.Globalization;
using System.Text.Json;
using ScaleSets.Configuration.Arm;
using ScaleSets.Configuration.Kubernetes;
using ScaleSets.Model;
using static ScaleSets.Configuration.SettingJsonText;

namespace ScaleSets.Configuration;

/// <summary>
/// Reads an autoscale setting from native JSON, an Azure autoscale resource or an ARM template, collecting every problem
/// with its JSONPath instead of stopping at the first. Works on a <see cref="JsonDocument"/> so that paths and messages are
/// its own; never throws on bad content. A template's autoscale resource is found by <see cref="TemplateResourceFinder"/>
/// and its expressions are evaluated by <see cref="TemplateValueResolver"/>; a manifest is read by
/// <see cref="Kubernetes.KubernetesManifest"/>.
/// </summary>
internal sealed class SettingJsonReader
{
    private const string AutoscaleResourceType = TemplateResourceFinder.AutoscaleResourceType;
    private const string DeploymentResourceType = TemplateResourceFinder.DeploymentResourceType;
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    // Azure properties that carry nothing ScaleSets uses: accepted without a warning in Azure input.
    private static readonly string[] AzureResourceIgnored =
    [
        "id", "type", "location", "tags", "apiVersion", "dependsOn", "kind", "etag", "systemData", "resourceGroup",
        "comments", "condition", "scope", "identity", "autoscaleSettingResourceName", "existing", "metadata",
    ];

    private static readonly string[] AzurePropertiesIgnored =
    [
        "provisioningState",
    ];

    private static readonly string[] AzureSettingNames = ["predictiveAutoscalePolicy"];

    private readonly SettingValueReader reader = new();
    private readonly IReadOnlyDictionary<string, object?> templateParameters;
    private readonly List<string> unusedParameters = [];

    private SettingJsonReader(IReadOnlyDictionary<string, object?> templateParameters) => this.templateParameters = templateParameters;

    /// <summary>Reads a setting from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="parametersJson">An ARM parameters file's text, for a template; <see langword="null"/> for none.</param>
    /// <param name="parametersFile">The parameters file's name, which its problems carry as <see cref="SettingProblem.FilePath"/>.</param>
    /// <returns>The setting as far as it could be read, the format, and every problem.</returns>
    public static SettingReadResult Read(string json, string? parametersJson = null, string parametersFile = "parameters")
    {
        ArgumentNullException.ThrowIfNull(json);
        var parameterProblems = new List<SettingProblem>();
        var parameterPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parameters = parametersJson is null
            ? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            : ArmParametersFile.Read(parametersJson, parameterProblems, parameterPaths);
        var jsonReader = new SettingJsonReader(parameters);
        var reader = jsonReader.reader;
        reader.Problems.AddRange(JsonTokenCheck.Find(json, out var unreadable));
        foreach (var problem in reader.Problems)
        {
            reader.FailedPaths.Add(problem.Path);
        }

        var (setting, format) = unreadable ? (null, SettingFormat.Native) : jsonReader.ReadDocument(json);
        if (parametersJson is not null && format != SettingFormat.AzureTemplate)
        {
            parameterProblems.Add(new SettingProblem("", "a parameters file was given, but the setting is not an ARM template; it is not used", SettingProblemSeverity.Warning));
        }

        foreach (var name in jsonReader.unusedParameters)
        {
            parameterProblems.Add(new SettingProblem(
                parameterPaths.GetValueOrDefault(name, "$.parameters"),
                $"the parameters file gives '{name}', which the template does not define; it is not used",
                SettingProblemSeverity.Warning));
        }

        return new SettingReadResult(
            setting,
            [.. parameterProblems.Select(p => p with { FilePath = parametersFile }), .. reader.Problems.Select(p => SettingPaths.AtExpression(p, reader.Values.ExpressionRoots))],
            format)
        {
            PathMap = reader.PathMap,
            FailedPaths = reader.FailedPaths,
            ExpressionRoots = reader.Values.ExpressionRoots,
        };
    }

    private (AutoscaleSetting? Setting, SettingFormat Format) ReadDocument(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            reader.Problems.Add(new SettingProblem("", "malformed JSON: " + DescribeJsonError(e), SettingProblemSeverity.Error)
            {
                Line = e.LineNumber is { } line ? (int)line + 1 : null,
            });
            return (null, SettingFormat.Native);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reader.Error("$", $"expected a JSON object holding an autoscale setting, found {Describe(root)}");
                return (null, SettingFormat.Native);
            }

            if (KubernetesManifest.IsHorizontalPodAutoscaler(root))
            {
                var manifest = KubernetesManifest.Read(root, reader.Problems, reader.PathMap);
                reader.FailedPaths.AddRange(reader.Problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path));
                return (manifest, SettingFormat.KubernetesHpa);
            }

            if (Find(root, "resources") is not null || IsTemplateSchema(root))
            {
                reader.Azure = true;
                return (ReadTemplate(root), SettingFormat.AzureTemplate);
            }

            if (IsAzureResource(root))
            {
                reader.Azure = true;
                return (ReadAzureResource(root, "$"), SettingFormat.AzureResource);
            }

            var setting = new AutoscaleSetting();
            ReadSettingBody(root, "$", setting, ["$schema"]);
            return (setting, SettingFormat.Native);
        }
    }

    private static bool IsTemplateSchema(JsonElement root) =>
        Find(root, "$schema") is { ValueKind: JsonValueKind.String } schema
        && schema.GetString()!.Contains("deploymentTemplate", StringComparison.OrdinalIgnoreCase);

    private static bool IsAzureResource(JsonElement root)
    {
        if (Find(root, "type") is { ValueKind: JsonValueKind.String } type
            && string.Equals(type.GetString(), AutoscaleResourceType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (Match(property.Name, AzureResourceIgnored) is not null
                || Match(property.Name, AzurePropertiesIgnored) is not null
                || Match(property.Name, AzureSettingNames) is not null
                || Match(property.Name, ["properties"]) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private AutoscaleSetting? ReadTemplate(JsonElement root)
    {
        var scope = new ArmScope(root, templateParameters);
        unusedParameters.AddRange(templateParameters.Keys.Where(n => !scope.ParameterNames.Contains(n, StringComparer.OrdinalIgnoreCase)));

        var found = new List<(JsonElement Resource, string Path, ArmScope Scope)>();
        if (!new TemplateResourceFinder(reader.Values, reader.Error, reader.Warning).Find(root, "$", scope, found, 0))
        {
            return null;
        }

        if (found.Count != 1)
        {
            reader.Error("$.resources", found.Count == 0
                ? $"the ARM template has no {AutoscaleResourceType} resource (nested {DeploymentResourceType} templates included)"
                : $"the ARM template has {found.Count} {AutoscaleResourceType} resources (at {string.Join(", ", found.Select(f => f.Path))}); import needs exactly one, so split the template");
            return null;
        }

        reader.Values.Scope = found[0].Scope;
        return ReadAzureResource(found[0].Resource, found[0].Path);
    }

    private AutoscaleSetting ReadAzureResource(JsonElement resource, string path)
    {
        var setting = new AutoscaleSetting();
        if (Find(resource, "properties") is { } properties)
        {
            // The ARM shape: the setting sits in "properties"; the resource's own name is the fallback name.
            var body = Child(path, "properties");
            reader.MapPath("$", body);
            reader.MapPath("$.predictive", Child(body, "predictiveAutoscalePolicy"));
            foreach (var property in resource.EnumerateObject())
            {
                var at = Child(path, property.Name);
                if (Match(property.Name, ["name"]) is not null)
                {
                    reader.MapPath("$.name", at);
                    if (reader.Values.Resolve(property.Value, at, tolerateUnknown: true) is { } name)
                    {
                        setting.Name = reader.ReadString(name, at) ?? setting.Name;
                    }
                }
                else if (Match(property.Name, ["properties"]) is null && Match(property.Name, AzureResourceIgnored) is null)
                {
                    reader.UnknownProperty(at, property.Name);
                }
            }

            if (reader.Values.Resolve(properties, body) is { } resolved && reader.Expect(resolved, body, JsonValueKind.Object))
            {
                ReadSettingBody(resolved, body, setting, AzurePropertiesIgnored);
            }
        }
        else
        {
            // The "az monitor autoscale show" shape: the setting's properties sit next to id, location and tags.
            reader.MapPath("$", path);
            reader.MapPath("$.predictive", Child(path, "predictiveAutoscalePolicy"));
            ReadSettingBody(resource, path, setting, [.. AzureResourceIgnored, .. AzurePropertiesIgnored]);
        }

        return setting;
    }

    private void ReadSettingBody(JsonElement element, string path, AutoscaleSetting setting, string[] ignored)
    {
        var read = SettingShapes.Setting.ReadProperties(reader, element, path, new SettingBodyRead { Setting = setting }, ignored);

        // Azure's policy takes its target from a scale-out rule, so it is mapped once the profiles are read, wherever
        // it stands in the document.
        if (read.AzurePredictive is { } policy)
        {
            if (read.PredictiveGiven)
            {
                reader.Warning(policy.Path, "ignored: the native 'predictive' property sets the predictive policy in full");
            }
            else
            {
                setting.Predictive = AzurePredictivePolicyImport.Read(reader, policy.Value, policy.Path, setting.Profiles);
            }
        }
    }

    private static string DescribeJsonError(JsonException e)
    {
        // The message ends with " LineNumber: 3 | BytePositionInLine: 7." which the problem carries as Line and column.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        return e.BytePositionInLine is { } column
            ? string.Create(CultureInfo.InvariantCulture, $"{message} (column {column + 1})")
            : message;
    }
}
