using System.Globalization;
using System.Text.Json;
using ScaleSets.Configuration.Arm;
using ScaleSets.Configuration.Kubernetes;
using ScaleSets.Metrics;
using ScaleSets.Model;

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
    private const string AzureCpuMetric = "Percentage CPU";

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

    // Properties whose value Azure fills in at deployment may stay partly unknown: they only identify a resource.
    private static readonly string[] PlaceholderTolerant = ["metricResourceUri", "targetResourceUri", "targetResourceLocation"];

    // The setting's own name only identifies it, as the resource's name does (often uniqueString(resourceGroup().id)).
    private static readonly string[] SettingPlaceholderTolerant = [.. PlaceholderTolerant, "name"];

    private static readonly string[] AzurePropertiesIgnored =
    [
        "provisioningState",
    ];

    private static readonly string[] SettingNames =
    [
        "name", "enabled", "predictive", "profiles", "pauseAtZero", "evaluationInterval", "targetResourceUri",
        "targetResourceLocation", "notifications",
    ];
    private static readonly string[] AzureSettingNames = ["predictiveAutoscalePolicy"];

    private static readonly string[] PredictiveNames =
    [
        "mode", "metricName", "source", "timeGrain", "statistic", "targetPerInstance", "isPerInstanceAverage", "quantile",
        "leadTime", "minimumHistory", "maximumHistory", "allowScaleIn", "scaleInMargin", "refitInterval", "allowCombination",
    ];

    private static readonly string[] AzurePredictiveNames = ["scaleMode", "scaleLookAheadTime"];

    private static readonly string[] ProfileNames = ["name", "capacity", "rules", "recurrence", "fixedDate", "combination"];
    private static readonly string[] CapacityNames = ["minimum", "maximum", "default"];
    private static readonly string[] RuleNames = ["name", "metricTrigger", "scaleAction", "targetTracking", "stepScaling"];

    private static readonly string[] TriggerNames =
    [
        "metricName", "source", "dimensions", "timeGrain", "statistic", "timeWindow", "timeAggregation", "operator",
        "threshold", "dividePerInstance", "valueKind", "metricResourceUri", "metricNamespace",
    ];

    // The region Azure queries a rule's metric in: metadata like a resource's location (the series is told apart by
    // metricResourceUri and metricNamespace), so Azure input is not evaluated there: "[resourceGroup().location]" never
    // refuses a template. A native setting has no such property (an unknown property there).
    private static readonly string[] AzureTriggerIgnored = ["metricResourceLocation"];
    private static readonly string[] NotificationNames = ["operation", "email", "webhooks"];
    private static readonly string[] EmailNames = ["sendToSubscriptionAdministrator", "sendToSubscriptionCoAdministrators", "customEmails"];
    private static readonly string[] WebhookNames = ["serviceUri", "properties"];
    private static readonly string[] DimensionNames = ["name", "dimensionName", "operator", "values"];
    private static readonly string[] ScaleActionNames = ["direction", "type", "value", "cooldown"];
    private static readonly string[] TargetTrackingNames = ["targetValue", "tolerance", "disableScaleIn", "scaleUp", "scaleDown", "scaleDownMissingValue", "legacyLimits", "slo"];
    private static readonly string[] SloNames = ["attainment", "provisioningTime"];

    // Kubernetes writes whole seconds (stabilizationWindowSeconds, periodSeconds); both spellings are read.
    private static readonly string[] BehaviorNames = ["stabilizationWindow", "stabilizationWindowSeconds", "tolerance", "provisioningTime", "selectPolicy", "policies"];
    private static readonly string[] RatePolicyNames = ["type", "value", "period", "periodSeconds"];
    private static readonly string[] StepScalingNames = ["adjustmentType", "cooldown", "steps"];
    private static readonly string[] StepNames = ["lowerBound", "upperBound", "adjustment"];
    private static readonly string[] RecurrenceNames = ["frequency", "schedule"];
    private static readonly string[] ScheduleNames = ["timeZone", "days", "hours", "minutes"];
    private static readonly string[] FixedDateNames = ["timeZone", "start", "end"];
    private static readonly string[] None = [];
    private static readonly string[] AzureOtherFrequencies = ["None", "Second", "Minute", "Hour", "Day", "Month", "Year"];

    private static readonly Dictionary<string, MetricStatistic> StatisticAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Minimum"] = MetricStatistic.Min,
        ["Maximum"] = MetricStatistic.Max,
    };

    private static readonly Dictionary<string, TimeAggregationType> AggregationAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Min"] = TimeAggregationType.Minimum,
        ["Max"] = TimeAggregationType.Maximum,
        ["Sum"] = TimeAggregationType.Total,
    };

    private readonly List<SettingProblem> problems = [];
    private readonly List<string> failedPaths = [];
    private readonly List<KeyValuePair<string, string>> pathMap = [];
    private readonly IReadOnlyDictionary<string, object?> templateParameters;
    private readonly List<string> unusedParameters = [];
    private bool azure;
    private readonly TemplateValueResolver values;

    private SettingJsonReader(IReadOnlyDictionary<string, object?> templateParameters)
    {
        this.templateParameters = templateParameters;
        values = new TemplateValueResolver(Error, Warning);
    }

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
        var reader = new SettingJsonReader(parameters);
        reader.problems.AddRange(JsonTokenCheck.Find(json, out var unreadable));
        foreach (var problem in reader.problems)
        {
            reader.failedPaths.Add(problem.Path);
        }

        var (setting, format) = unreadable ? (null, SettingFormat.Native) : reader.ReadDocument(json);
        if (parametersJson is not null && format != SettingFormat.AzureTemplate)
        {
            parameterProblems.Add(new SettingProblem("", "a parameters file was given, but the setting is not an ARM template; it is not used", SettingProblemSeverity.Warning));
        }

        foreach (var name in reader.unusedParameters)
        {
            parameterProblems.Add(new SettingProblem(
                parameterPaths.GetValueOrDefault(name, "$.parameters"),
                $"the parameters file gives '{name}', which the template does not define; it is not used",
                SettingProblemSeverity.Warning));
        }

        return new SettingReadResult(
            setting,
            [.. parameterProblems.Select(p => p with { FilePath = parametersFile }), .. reader.problems.Select(p => SettingPaths.AtExpression(p, reader.values.ExpressionRoots))],
            format)
        {
            PathMap = reader.pathMap,
            FailedPaths = reader.failedPaths,
            ExpressionRoots = reader.values.ExpressionRoots,
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
            problems.Add(new SettingProblem("", "malformed JSON: " + DescribeJsonError(e), SettingProblemSeverity.Error)
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
                Error("$", $"expected a JSON object holding an autoscale setting, found {Describe(root)}");
                return (null, SettingFormat.Native);
            }

            if (KubernetesManifest.IsHorizontalPodAutoscaler(root))
            {
                var manifest = KubernetesManifest.Read(root, problems, pathMap);
                failedPaths.AddRange(problems.Where(p => p.Severity == SettingProblemSeverity.Error).Select(p => p.Path));
                return (manifest, SettingFormat.KubernetesHpa);
            }

            if (Find(root, "resources") is not null || IsTemplateSchema(root))
            {
                azure = true;
                return (ReadTemplate(root), SettingFormat.AzureTemplate);
            }

            if (IsAzureResource(root))
            {
                azure = true;
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
        if (!new TemplateResourceFinder(values, Error, Warning).Find(root, "$", scope, found, 0))
        {
            return null;
        }

        if (found.Count != 1)
        {
            Error("$.resources", found.Count == 0
                ? $"the ARM template has no {AutoscaleResourceType} resource (nested {DeploymentResourceType} templates included)"
                : $"the ARM template has {found.Count} {AutoscaleResourceType} resources (at {string.Join(", ", found.Select(f => f.Path))}); import needs exactly one, so split the template");
            return null;
        }

        values.Scope = found[0].Scope;
        return ReadAzureResource(found[0].Resource, found[0].Path);
    }

    private AutoscaleSetting ReadAzureResource(JsonElement resource, string path)
    {
        var setting = new AutoscaleSetting();
        if (Find(resource, "properties") is { } properties)
        {
            // The ARM shape: the setting sits in "properties"; the resource's own name is the fallback name.
            var body = Child(path, "properties");
            MapPath("$", body);
            MapPath("$.predictive", Child(body, "predictiveAutoscalePolicy"));
            foreach (var property in resource.EnumerateObject())
            {
                var at = Child(path, property.Name);
                if (Match(property.Name, ["name"]) is not null)
                {
                    MapPath("$.name", at);
                    if (values.Resolve(property.Value, at, tolerateUnknown: true) is { } name)
                    {
                        setting.Name = ReadString(name, at) ?? setting.Name;
                    }
                }
                else if (Match(property.Name, ["properties"]) is null && Match(property.Name, AzureResourceIgnored) is null)
                {
                    UnknownProperty(at, property.Name);
                }
            }

            if (values.Resolve(properties, body) is { } resolved && Expect(resolved, body, JsonValueKind.Object))
            {
                ReadSettingBody(resolved, body, setting, AzurePropertiesIgnored);
            }
        }
        else
        {
            // The "az monitor autoscale show" shape: the setting's properties sit next to id, location and tags.
            MapPath("$", path);
            MapPath("$.predictive", Child(path, "predictiveAutoscalePolicy"));
            ReadSettingBody(resource, path, setting, [.. AzureResourceIgnored, .. AzurePropertiesIgnored]);
        }

        return setting;
    }

    // The inverse of the path map (the model path of a document path), by the longest document prefix.
    private string ToModelPath(string documentPath)
    {
        KeyValuePair<string, string>? best = null;
        foreach (var pair in pathMap)
        {
            if (SettingPaths.IsAtOrUnder(documentPath, pair.Value) && (best is null || pair.Value.Length > best.Value.Value.Length))
            {
                best = pair;
            }
        }

        return best is { } match ? match.Key + documentPath[match.Value.Length..] : documentPath;
    }

    private void MapPath(string modelPath, string documentPath)
    {
        if (modelPath != documentPath)
        {
            pathMap.Add(new(modelPath, documentPath));
        }
    }

    private void ReadSettingBody(JsonElement element, string path, AutoscaleSetting setting, string[] ignored)
    {
        var predictiveGiven = false;
        (JsonElement Value, string Path)? azurePredictive = null;
        ForEachProperty(element, path, SettingNames, AzureSettingNames, ignored, SettingPlaceholderTolerant, (name, value, at) =>
        {
            switch (name)
            {
                case "name":
                    setting.Name = ReadString(value, at) ?? setting.Name;
                    break;
                case "enabled":
                    setting.Enabled = ReadBool(value, at) ?? setting.Enabled;
                    break;
                case "predictive":
                    predictiveGiven = true;
                    setting.Predictive = value.ValueKind == JsonValueKind.Null ? null : ReadPredictive(value, at);
                    break;
                case "profiles":
                    setting.Profiles = ReadArray(value, at, ReadProfile);
                    break;
                case "pauseAtZero":
                    setting.PauseAtZero = value.ValueKind == JsonValueKind.Null ? null : ReadBool(value, at);
                    break;
                case "evaluationInterval":
                    setting.EvaluationInterval = value.ValueKind == JsonValueKind.Null ? null : ReadDuration(value, at);
                    break;
                case "targetResourceUri":
                    setting.TargetResourceUri = ReadResourceId(value, at);
                    break;
                case "targetResourceLocation":
                    setting.TargetResourceLocation = ReadResourceId(value, at);
                    break;
                case "notifications":
                    setting.Notifications = value.ValueKind == JsonValueKind.Null ? [] : ReadArray(value, at, ReadNotification);
                    break;
                case "predictiveAutoscalePolicy":
                    azurePredictive = (value, at);
                    break;
            }
        });

        // Azure's policy takes its target from a scale-out rule, so it is mapped once the profiles are read, wherever
        // it stands in the document.
        if (azurePredictive is { } policy)
        {
            if (predictiveGiven)
            {
                Warning(policy.Path, "ignored: the native 'predictive' property sets the predictive policy in full");
            }
            else
            {
                setting.Predictive = ReadAzurePredictivePolicy(policy.Value, policy.Path, setting.Profiles);
            }
        }
    }

    private PredictiveScalingPolicy? ReadPredictive(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var policy = new PredictiveScalingPolicy();
        ForEachProperty(element, path, PredictiveNames, None, None, (name, value, at) =>
        {
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (name)
            {
                case "mode":
                    policy.Mode = ReadEnum<PredictiveScalingMode>(value, at, "predictive mode") ?? policy.Mode;
                    break;
                case "metricName":
                    policy.MetricName = ReadString(value, at) ?? policy.MetricName;
                    break;
                case "source":
                    policy.Source = isNull ? null : ReadEnum<MetricSourceKind>(value, at, "metric source");
                    break;
                case "timeGrain":
                    policy.TimeGrain = ReadDuration(value, at) ?? policy.TimeGrain;
                    break;
                case "statistic":
                    policy.Statistic = ReadEnum(value, at, "statistic", StatisticAliases) ?? policy.Statistic;
                    break;
                case "targetPerInstance":
                    policy.TargetPerInstance = ReadDouble(value, at) ?? policy.TargetPerInstance;
                    break;
                case "isPerInstanceAverage":
                    policy.IsPerInstanceAverage = ReadBool(value, at) ?? policy.IsPerInstanceAverage;
                    break;
                case "quantile":
                    policy.Quantile = ReadDouble(value, at) ?? policy.Quantile;
                    break;
                case "leadTime":
                    policy.LeadTime = ReadDuration(value, at) ?? policy.LeadTime;
                    break;
                case "minimumHistory":
                    policy.MinimumHistory = isNull ? null : ReadDuration(value, at);
                    break;
                case "maximumHistory":
                    policy.MaximumHistory = ReadDuration(value, at) ?? policy.MaximumHistory;
                    break;
                case "allowScaleIn":
                    policy.AllowScaleIn = ReadBool(value, at) ?? policy.AllowScaleIn;
                    break;
                case "scaleInMargin":
                    policy.ScaleInMargin = ReadDouble(value, at) ?? policy.ScaleInMargin;
                    break;
                case "refitInterval":
                    policy.RefitInterval = ReadDuration(value, at) ?? policy.RefitInterval;
                    break;
                case "allowCombination":
                    policy.AllowCombination = ReadBool(value, at) ?? policy.AllowCombination;
                    break;
            }
        });
        return policy;
    }

    private PredictiveScalingPolicy? ReadAzurePredictivePolicy(JsonElement element, string path, List<AutoscaleProfile> profiles)
    {
        if (element.ValueKind == JsonValueKind.Null || !Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var modeGiven = false;
        PredictiveScalingMode? mode = null;
        TimeSpan? lookAhead = null;
        string? lookAheadPath = null;
        ForEachProperty(element, path, AzurePredictiveNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "scaleMode":
                    modeGiven = true;
                    mode = ReadEnum<PredictiveScalingMode>(value, at, "predictive scale mode");
                    break;
                case "scaleLookAheadTime":
                    lookAheadPath = at;
                    lookAhead = value.ValueKind == JsonValueKind.Null ? null : ReadDuration(value, at);
                    break;
            }
        });

        if (!modeGiven)
        {
            Error(path, $"the predictive autoscale policy has no scaleMode; allowed values: {string.Join(", ", Enum.GetNames<PredictiveScalingMode>())}");
        }

        if (mode is not { } scaleMode || scaleMode == PredictiveScalingMode.Disabled)
        {
            return null;
        }

        if (lookAhead is { } given && (given < SettingLimits.MinAzureLookAhead || given > SettingLimits.MaxAzureLookAhead))
        {
            Warning(lookAheadPath!, $"scaleLookAheadTime {DurationText.Format(given)} is outside Azure's range of {DurationText.Format(SettingLimits.MinAzureLookAhead)} to {DurationText.Format(SettingLimits.MaxAzureLookAhead)}; imported as given");
        }

        if (FindCpuScaleOutRule(profiles) is not { } trigger)
        {
            // Azure stores such a policy (only its portal asks for a CPU rule), and forecasts towards a CPU rule's threshold.
            Warning(path, $"not honoured: predictive autoscale (scaleMode '{scaleMode}') takes its target from a \"{AzureCpuMetric}\" scale-out rule (Increase, GreaterThan or GreaterThanOrEqual), and this setting has none, so nothing is forecast; add such a rule to forecast");
            return null;
        }

        // Azure forecasts CPU at a coarse (about hourly) resolution it does not expose; the policy keeps its default
        // five-minute TimeGrain, which follows the same daily and weekly cycles. Without scaleLookAheadTime (it is optional
        // in Azure) the policy's own default LeadTime of ten minutes is kept.
        var imported = new PredictiveScalingPolicy
        {
            Mode = scaleMode,
            MetricName = AzureCpuMetric,
            Source = MetricSourceKind.Host,
            TargetPerInstance = trigger.Threshold,
            IsPerInstanceAverage = true,
        };
        if (lookAhead is { } leadTime)
        {
            imported.LeadTime = leadTime;
        }

        return imported;
    }

    // Azure's predictive autoscale forecasts the scale set's host CPU and scales out so that it stays under the threshold
    // of a CPU scale-out rule; the default profile's rule first, as that is the profile Azure's portal sets it up on.
    private static MetricTrigger? FindCpuScaleOutRule(List<AutoscaleProfile> profiles)
    {
        var ordered = profiles.Where(p => p is { IsDefault: true }).Concat(profiles.Where(p => p is { IsDefault: false }));
        foreach (var profile in ordered)
        {
            foreach (var rule in profile.Rules ?? [])
            {
                if (rule is { ScaleAction.Direction: ScaleDirection.Increase, TargetTracking: null, StepScaling: null, MetricTrigger: { } trigger }
                    && string.Equals(trigger.MetricName, AzureCpuMetric, StringComparison.OrdinalIgnoreCase)
                    && trigger.Operator is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
                    && trigger.Source is null or MetricSourceKind.Host)
                {
                    return trigger;
                }
            }
        }

        return null;
    }

    private AutoscaleProfile? ReadProfile(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var profile = new AutoscaleProfile();
        ForEachProperty(element, path, ProfileNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "name":
                    profile.Name = ReadString(value, at) ?? profile.Name;
                    break;
                case "capacity":
                    ReadCapacity(value, at, profile.Capacity);
                    break;
                case "rules":
                    profile.Rules = ReadArray(value, at, ReadRule);
                    break;
                case "recurrence":
                    profile.Recurrence = value.ValueKind == JsonValueKind.Null ? null : ReadRecurrence(value, at);
                    break;
                case "fixedDate":
                    profile.FixedDate = value.ValueKind == JsonValueKind.Null ? null : ReadFixedDate(value, at);
                    break;
                case "combination":
                    profile.Combination = ReadEnum<RuleCombination>(value, at, "rule combination") ?? profile.Combination;
                    break;
            }
        });
        return profile;
    }

    private void ReadCapacity(JsonElement element, string path, ScaleCapacity capacity)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return;
        }

        ForEachProperty(element, path, CapacityNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "minimum":
                    capacity.Minimum = ReadInt(value, at) ?? capacity.Minimum;
                    break;
                case "maximum":
                    capacity.Maximum = ReadInt(value, at) ?? capacity.Maximum;
                    break;
                case "default":
                    capacity.Default = ReadInt(value, at) ?? capacity.Default;
                    break;
            }
        });
    }

    private ScaleRule? ReadRule(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var rule = new ScaleRule();
        ForEachProperty(element, path, RuleNames, None, None, (name, value, at) =>
        {
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (name)
            {
                case "name":
                    rule.Name = isNull ? null : ReadString(value, at);
                    break;
                case "metricTrigger":
                    rule.MetricTrigger = ReadTrigger(value, at);
                    break;
                case "scaleAction":
                    rule.ScaleAction = isNull ? null : ReadScaleAction(value, at);
                    break;
                case "targetTracking":
                    rule.TargetTracking = isNull ? null : ReadTargetTracking(value, at);
                    break;
                case "stepScaling":
                    rule.StepScaling = isNull ? null : ReadStepScaling(value, at);
                    break;
            }
        });
        return rule;
    }

    private MetricTrigger ReadTrigger(JsonElement element, string path)
    {
        var trigger = new MetricTrigger();
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return trigger;
        }

        var sourceGiven = false;
        string? metricNamespace = null;
        string? metricResourceUri = null;
        ForEachProperty(element, path, TriggerNames, None, azure ? AzureTriggerIgnored : None, (name, value, at) =>
        {
            switch (name)
            {
                case "metricName":
                    trigger.MetricName = ReadString(value, at) ?? trigger.MetricName;
                    break;
                case "source":
                    sourceGiven = true;
                    trigger.Source = value.ValueKind == JsonValueKind.Null ? null : ReadEnum<MetricSourceKind>(value, at, "metric source");
                    break;
                case "dimensions":
                    trigger.Dimensions = value.ValueKind == JsonValueKind.Null ? [] : ReadArray(value, at, ReadDimension);
                    break;
                case "timeGrain":
                    trigger.TimeGrain = ReadDuration(value, at) ?? trigger.TimeGrain;
                    break;
                case "statistic":
                    trigger.Statistic = ReadEnum(value, at, "statistic", StatisticAliases) ?? trigger.Statistic;
                    break;
                case "timeWindow":
                    trigger.TimeWindow = ReadDuration(value, at) ?? trigger.TimeWindow;
                    break;
                case "timeAggregation":
                    trigger.TimeAggregation = ReadEnum(value, at, "time aggregation", AggregationAliases) ?? trigger.TimeAggregation;
                    break;
                case "operator":
                    trigger.Operator = ReadEnum<ComparisonOperator>(value, at, "operator") ?? trigger.Operator;
                    break;
                case "threshold":
                    trigger.Threshold = ReadDouble(value, at) ?? trigger.Threshold;
                    break;
                case "dividePerInstance":
                    trigger.DividePerInstance = ReadBool(value, at) ?? trigger.DividePerInstance;
                    break;
                case "valueKind":
                    trigger.ValueKind = ReadEnum<MetricValueKind>(value, at, "value kind") ?? trigger.ValueKind;
                    break;
                case "metricNamespace":
                    metricNamespace = ReadResourceId(value, at);
                    trigger.MetricNamespace = string.IsNullOrWhiteSpace(metricNamespace) ? null : metricNamespace;
                    break;
                case "metricResourceUri":
                    // Part of the series' identity, and it tells the source kind, which a template's resourceId('Type', …)
                    // expression names as well as a resolved id does; so an expression is kept as written.
                    metricResourceUri = ReadResourceId(value, at);
                    trigger.MetricResourceUri = string.IsNullOrWhiteSpace(metricResourceUri) ? null : metricResourceUri;
                    break;
            }
        });

        if (azure && !sourceGiven)
        {
            trigger.Source = AzureMetricSource.Map(metricNamespace, metricResourceUri);
        }

        return trigger;
    }

    private AutoscaleNotification? ReadNotification(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var notification = new AutoscaleNotification();
        ForEachProperty(element, path, NotificationNames, None, None, (name, value, at) =>
        {
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (name)
            {
                case "operation":
                    notification.Operation = ReadString(value, at) ?? notification.Operation;
                    break;
                case "email":
                    notification.Email = isNull ? null : ReadEmail(value, at);
                    break;
                case "webhooks":
                    notification.Webhooks = isNull ? [] : ReadArray(value, at, ReadWebhook);
                    break;
            }
        });
        return notification;
    }

    private EmailNotification? ReadEmail(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var email = new EmailNotification();
        ForEachProperty(element, path, EmailNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "sendToSubscriptionAdministrator":
                    email.SendToSubscriptionAdministrator = ReadBool(value, at) ?? email.SendToSubscriptionAdministrator;
                    break;
                case "sendToSubscriptionCoAdministrators":
                    email.SendToSubscriptionCoAdministrators = ReadBool(value, at) ?? email.SendToSubscriptionCoAdministrators;
                    break;
                case "customEmails":
                    email.CustomEmails = value.ValueKind == JsonValueKind.Null ? [] : ReadArray(value, at, ReadString);
                    break;
            }
        });
        return email;
    }

    private WebhookNotification? ReadWebhook(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        // Azure accepts an address it fills in at deployment (a Logic App's listCallbackUrl(), a reference()): the
        // document is valid, but there is no address to call here.
        if (Find(element, "serviceUri") is { } address && values.UnknownOf(address) is { } unknown)
        {
            var at = Child(path, element.EnumerateObject().First(p => Match(p.Name, ["serviceUri"]) is not null).Name);
            Warning(at, $"serviceUri '{Shorten(address.GetString()!)}' depends on {unknown.Reason}; this webhook is not called (give its address, for example through a parameters file, to have it called)");
            return null;
        }

        var webhook = new WebhookNotification();
        ForEachProperty(element, path, WebhookNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "serviceUri":
                    webhook.ServiceUri = ReadString(value, at) ?? webhook.ServiceUri;
                    break;
                case "properties" when value.ValueKind != JsonValueKind.Null && Expect(value, at, JsonValueKind.Object):
                    foreach (var property in value.EnumerateObject())
                    {
                        // Azure stores a string map; a number or flag is kept as its JSON text rather than refused.
                        webhook.Properties[property.Name] = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString()!
                            : property.Value.GetRawText();
                    }

                    break;
            }
        });
        return webhook;
    }

    private MetricDimensionFilter? ReadDimension(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var filter = new MetricDimensionFilter();
        ForEachProperty(element, path, DimensionNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "name":
                case "dimensionName":
                    filter.Name = ReadString(value, at) ?? filter.Name;
                    break;
                case "operator":
                    filter.Operator = ReadEnum<DimensionOperator>(value, at, "dimension operator") ?? filter.Operator;
                    break;
                case "values":
                    filter.Values = ReadArray(value, at, ReadString);
                    break;
            }
        });
        return filter;
    }

    private ScaleAction? ReadScaleAction(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var action = new ScaleAction();
        ForEachProperty(element, path, ScaleActionNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "direction":
                    action.Direction = ReadEnum<ScaleDirection>(value, at, "scale direction") ?? action.Direction;
                    break;
                case "type":
                    action.Type = ReadEnum<ScaleType>(value, at, "scale type") ?? action.Type;
                    break;
                case "value":
                    action.Value = ReadInt(value, at) ?? action.Value;
                    break;
                case "cooldown":
                    action.Cooldown = ReadDuration(value, at) ?? action.Cooldown;
                    break;
            }
        });
        return action;
    }

    private TargetTrackingPolicy? ReadTargetTracking(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var policy = new TargetTrackingPolicy();
        ForEachProperty(element, path, TargetTrackingNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "targetValue":
                    policy.TargetValue = ReadDouble(value, at) ?? policy.TargetValue;
                    break;
                case "tolerance":
                    policy.Tolerance = ReadDouble(value, at) ?? policy.Tolerance;
                    break;
                case "disableScaleIn":
                    policy.DisableScaleIn = ReadBool(value, at) ?? policy.DisableScaleIn;
                    break;
                case "scaleUp":
                    ReadBehavior(value, at, policy.ScaleUp);
                    break;
                case "scaleDown":
                    ReadBehavior(value, at, policy.ScaleDown);
                    break;
                case "scaleDownMissingValue":
                    policy.ScaleDownMissingValue = value.ValueKind == JsonValueKind.Null ? null : ReadDouble(value, at);
                    break;
                case "legacyLimits":
                    policy.LegacyLimits = ReadBool(value, at) ?? policy.LegacyLimits;
                    break;
                case "slo":
                    policy.Slo = value.ValueKind == JsonValueKind.Null ? null : ReadSlo(value, at);
                    break;
            }
        });
        return policy;
    }

    private SloObjective? ReadSlo(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var slo = new SloObjective();
        ForEachProperty(element, path, SloNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "attainment":
                    slo.Attainment = ReadDouble(value, at) ?? slo.Attainment;
                    break;
                case "provisioningTime":
                    slo.ProvisioningTime = ReadDuration(value, at) ?? slo.ProvisioningTime;
                    break;
            }
        });
        return slo;
    }

    private void ReadBehavior(JsonElement element, string path, ScalingBehavior behavior)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return;
        }

        ForEachProperty(element, path, BehaviorNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "stabilizationWindow":
                    behavior.StabilizationWindow = ReadDuration(value, at) ?? behavior.StabilizationWindow;
                    break;
                case "stabilizationWindowSeconds":
                    behavior.StabilizationWindow = ReadInt(value, at) is { } windowSeconds ? TimeSpan.FromSeconds(windowSeconds) : behavior.StabilizationWindow;
                    break;
                case "tolerance":
                    behavior.Tolerance = value.ValueKind == JsonValueKind.Null ? null : ReadDouble(value, at);
                    break;
                case "provisioningTime":
                    behavior.ProvisioningTime = value.ValueKind == JsonValueKind.Null ? null : ReadDuration(value, at);
                    break;
                case "selectPolicy":
                    behavior.SelectPolicy = ReadEnum<ScalingPolicySelect>(value, at, "select policy") ?? behavior.SelectPolicy;
                    break;
                case "policies":
                    behavior.Policies = ReadArray(value, at, ReadRatePolicy);
                    break;
            }
        });
    }

    private ScalingRatePolicy? ReadRatePolicy(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var policy = new ScalingRatePolicy();
        ForEachProperty(element, path, RatePolicyNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "type":
                    policy.Type = ReadEnum<ScalingRatePolicyType>(value, at, "rate policy type") ?? policy.Type;
                    break;
                case "value":
                    policy.Value = ReadInt(value, at) ?? policy.Value;
                    break;
                case "period":
                    policy.Period = ReadDuration(value, at) ?? policy.Period;
                    break;
                case "periodSeconds":
                    policy.Period = ReadInt(value, at) is { } periodSeconds ? TimeSpan.FromSeconds(periodSeconds) : policy.Period;
                    break;
            }
        });
        return policy;
    }

    private StepScalingPolicy? ReadStepScaling(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var policy = new StepScalingPolicy();
        ForEachProperty(element, path, StepScalingNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "adjustmentType":
                    policy.AdjustmentType = ReadEnum<ScaleType>(value, at, "adjustment type") ?? policy.AdjustmentType;
                    break;
                case "cooldown":
                    policy.Cooldown = ReadDuration(value, at) ?? policy.Cooldown;
                    break;
                case "steps":
                    policy.Steps = ReadArray(value, at, ReadStep);
                    break;
            }
        });
        return policy;
    }

    private StepAdjustment? ReadStep(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var step = new StepAdjustment();
        ForEachProperty(element, path, StepNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "lowerBound":
                    step.LowerBound = value.ValueKind == JsonValueKind.Null ? null : ReadDouble(value, at);
                    break;
                case "upperBound":
                    step.UpperBound = value.ValueKind == JsonValueKind.Null ? null : ReadDouble(value, at);
                    break;
                case "adjustment":
                    step.Adjustment = ReadInt(value, at) ?? step.Adjustment;
                    break;
            }
        });
        return step;
    }

    private Recurrence? ReadRecurrence(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var recurrence = new Recurrence();
        ForEachProperty(element, path, RecurrenceNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "frequency":
                    if (value.ValueKind == JsonValueKind.String && Match(value.GetString()!.Trim(), AzureOtherFrequencies) is { } other)
                    {
                        Error(at, $"recurrence frequency '{other}' is in Azure's API schema, but the API documents that the value must be Week (every other value is refused by the service); write Week and list the days in the schedule");
                        break;
                    }

                    recurrence.Frequency = ReadEnum<RecurrenceFrequency>(value, at, "recurrence frequency") ?? recurrence.Frequency;
                    break;
                case "schedule":
                    ReadSchedule(value, at, recurrence.Schedule);
                    break;
            }
        });
        return recurrence;
    }

    private void ReadSchedule(JsonElement element, string path, RecurrentSchedule schedule)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return;
        }

        ForEachProperty(element, path, ScheduleNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "timeZone":
                    schedule.TimeZone = ReadString(value, at) ?? schedule.TimeZone;
                    break;
                case "days":
                    schedule.Days = ReadArray(value, at, ReadDay);
                    break;
                case "hours":
                    schedule.Hours = ReadArray(value, at, ReadInt);
                    break;
                case "minutes":
                    schedule.Minutes = ReadArray(value, at, ReadInt);
                    break;
            }
        });
    }

    // Azure's service parses days as .NET's DayOfWeek, so the REST specification's own example writes "1" for Monday.
    private DayOfWeek? ReadDay(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String && element.GetString()!.Trim() is { Length: 1 } digit && digit[0] is >= '0' and <= '6'
            ? (DayOfWeek)(digit[0] - '0')
            : ReadEnum<DayOfWeek>(element, path, "day (or 0 for Sunday to 6 for Saturday)");

    private FixedDateWindow? ReadFixedDate(JsonElement element, string path)
    {
        if (!Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var window = new FixedDateWindow();
        ForEachProperty(element, path, FixedDateNames, None, None, (name, value, at) =>
        {
            switch (name)
            {
                case "timeZone":
                    window.TimeZone = ReadString(value, at) ?? window.TimeZone;
                    break;
                case "start":
                    window.Start = ReadLocalDateTime(value, at) ?? window.Start;
                    break;
                case "end":
                    window.End = ReadLocalDateTime(value, at) ?? window.End;
                    break;
            }
        });
        return window;
    }

    private void ForEachProperty(
        JsonElement element,
        string path,
        string[] names,
        string[] azureNames,
        string[] ignored,
        Action<string, JsonElement, string> read) => ForEachProperty(element, path, names, azureNames, ignored, PlaceholderTolerant, read);

    private void ForEachProperty(
        JsonElement element,
        string path,
        string[] names,
        string[] azureNames,
        string[] ignored,
        string[] tolerant,
        Action<string, JsonElement, string> read)
    {
        foreach (var property in element.EnumerateObject())
        {
            var at = Child(path, property.Name);
            var known = Match(property.Name, names) ?? (azure ? Match(property.Name, azureNames) : null);
            if (known is not null)
            {
                if (values.Resolve(property.Value, at, Match(known, tolerant) is not null) is { } value)
                {
                    read(known, value, at);
                }
            }
            else if (Match(property.Name, ignored) is null)
            {
                UnknownProperty(at, property.Name);
            }
        }
    }

    private void UnknownProperty(string path, string name) => Warning(path, $"unknown property '{name}' ignored");

    private List<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T?> readItem)
        where T : class => ReadArrayCore(element, path, (e, p) =>
        {
            var value = readItem(e, p);
            return (value, value is not null);
        });

    private List<T> ReadArray<T>(JsonElement element, string path, Func<JsonElement, string, T?> readItem)
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
            if (values.Resolve(item, at) is not { } resolved)
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

    private bool Expect(JsonElement element, string path, JsonValueKind kind)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Error(path, $"expected {(kind == JsonValueKind.Object ? "an object" : "an array")}, found {Describe(element)}");
        return false;
    }

    private string? ReadString(JsonElement element, string path)
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
    private string? ReadResourceId(JsonElement element, string path)
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

    private int? ReadInt(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt32(out var number):
                return number;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (IsTemplateExpression(text, path))
                {
                    return null;
                }

                if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        Error(path, element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var real) && Math.Abs(real) >= int.MaxValue
            ? $"{Describe(element)} is too large: a whole number from {int.MinValue} to {int.MaxValue} is expected"
            : $"expected a whole number, found {Describe(element)}");
        return null;
    }

    private double? ReadDouble(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetDouble(out var number):
                return number;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (IsTemplateExpression(text, path))
                {
                    return null;
                }

                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                break;
        }

        Error(path, $"expected a number, found {Describe(element)}");
        return null;
    }

    private bool? ReadBool(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (IsTemplateExpression(text, path))
                {
                    return null;
                }

                if (bool.TryParse(text.Trim(), out var flag))
                {
                    return flag;
                }

                break;
        }

        Error(path, $"expected true or false, found {Describe(element)}");
        return null;
    }

    private TimeSpan? ReadDuration(JsonElement element, string path)
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

    private DateTime? ReadLocalDateTime(JsonElement element, string path)
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

    private T? ReadEnum<T>(JsonElement element, string path, string what, Dictionary<string, T>? aliases = null)
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

    private bool IsTemplateExpression(string text, string path)
    {
        // In a template every expression is evaluated before it is read. "[[" escapes a literal bracket in ARM templates.
        if (values.Scope is null && text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal))
        {
            Error(path, $"ARM template expression '{text}' must be resolved first: deploy the template or replace the expression with its value");
            return true;
        }

        return false;
    }

    private void Error(string path, string message)
    {
        problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));
        failedPaths.Add(path);
    }

    private void Warning(string path, string message) => problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));

    internal static JsonElement? Find(JsonElement element, string name)
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

    private static string? Match(string name, string[] names)
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

    internal static string Child(string path, string name)
    {
        var simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$')
            && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
        return simple ? path + "." + name : path + "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    internal static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    internal static string Describe(JsonElement element) => element.ValueKind switch
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

    internal static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

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
