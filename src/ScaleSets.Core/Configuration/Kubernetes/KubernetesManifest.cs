using System.Text.Json;
using ScaleSets.Model;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Reads a Kubernetes <c>HorizontalPodAutoscaler</c> (<c>autoscaling/v2</c>, <c>v2beta2</c>, or <c>v1</c>'s
/// <c>targetCPUUtilizationPercentage</c>) into a setting with the same meaning: one profile with the replica range,
/// one target-tracking rule per metric, and the behavior on every rule. What has no meaning outside Kubernetes
/// (<c>scaleTargetRef</c>, the namespace, labels, <c>status</c>) is reported as a warning naming the field.
/// </summary>
internal sealed class KubernetesManifest
{
    private const string Profile = "$.profiles[0]";
    private const string Kind = "HorizontalPodAutoscaler";

    private static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    private readonly List<SettingProblem> problems;
    private readonly List<KeyValuePair<string, string>> pathMap;

    private KubernetesManifest(List<SettingProblem> problems, List<KeyValuePair<string, string>> pathMap)
    {
        this.problems = problems;
        this.pathMap = pathMap;
    }

    /// <summary>Returns whether <paramref name="root"/> is a HorizontalPodAutoscaler manifest.</summary>
    public static bool IsHorizontalPodAutoscaler(JsonElement root) =>
        Text(Find(root, "kind")) is { } kind && string.Equals(kind, Kind, StringComparison.OrdinalIgnoreCase)
        && Text(Find(root, "apiVersion")) is { } api && api.StartsWith("autoscaling/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the manifest; problems and the model-to-manifest paths are added to the lists given.</summary>
    public static AutoscaleSetting? Read(JsonElement root, List<SettingProblem> problems, List<KeyValuePair<string, string>> pathMap) =>
        new KubernetesManifest(problems, pathMap).ReadRoot(root);

    private AutoscaleSetting? ReadRoot(JsonElement root)
    {
        var api = Text(Find(root, "apiVersion"))!;
        if (api.Equals("autoscaling/v2beta1", StringComparison.OrdinalIgnoreCase))
        {
            Error("$.apiVersion", "autoscaling/v2beta1 is not read (its targets have another shape); convert the manifest to autoscaling/v2, for example with kubectl convert");
            return null;
        }

        var v1 = api.Equals("autoscaling/v1", StringComparison.OrdinalIgnoreCase);
        if (!v1 && !api.Equals("autoscaling/v2", StringComparison.OrdinalIgnoreCase) && !api.Equals("autoscaling/v2beta2", StringComparison.OrdinalIgnoreCase))
        {
            Error("$.apiVersion", $"unknown HorizontalPodAutoscaler apiVersion '{api}'; autoscaling/v2 (or v2beta2, v1) is read");
            return null;
        }

        // HPA evaluates every --horizontal-pod-autoscaler-sync-period, 15 s unless the cluster sets otherwise.
        var setting = new AutoscaleSetting { EvaluationInterval = SyncPeriod };
        var profile = new AutoscaleProfile { Name = "default" };
        setting.Profiles = [profile];
        foreach (var property in root.EnumerateObject())
        {
            var at = SettingJsonText.Child("$", property.Name);
            switch (property.Name)
            {
                case "apiVersion" or "kind":
                    break;
                case "metadata":
                    ReadMetadata(property.Value, at, setting);
                    break;
                case "spec":
                    ReadSpec(property.Value, at, profile, v1);
                    break;
                case "status":
                    Warning(at, "ignored: status is what Kubernetes reports about a running autoscaler");
                    break;
                default:
                    Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        if (Find(root, "spec") is null)
        {
            Error("$.spec", "the HorizontalPodAutoscaler has no spec");
        }

        return setting;
    }

    private void ReadMetadata(JsonElement metadata, string path, AutoscaleSetting setting)
    {
        if (!IsObject(metadata, path))
        {
            return;
        }

        foreach (var property in metadata.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            if (property.Name == "name")
            {
                setting.Name = String(property.Value, at) ?? setting.Name;
                Map("$.name", at);
            }
            else
            {
                Warning(at, $"ignored: metadata.{property.Name} has no meaning outside Kubernetes");
            }
        }
    }

    private void ReadSpec(JsonElement spec, string path, AutoscaleProfile profile, bool v1)
    {
        if (!IsObject(spec, path))
        {
            return;
        }

        Map(Profile, path);
        Map(Profile + ".capacity", path);
        var minimumPath = path + ".minReplicas";
        Map(Profile + ".capacity.minimum", minimumPath);
        Map(Profile + ".capacity.default", minimumPath);
        Map(Profile + ".capacity.maximum", path + ".maxReplicas");
        Map(Profile + ".rules", path + ".metrics");

        // HPA's defaults: at least one replica, and 80% CPU utilization when no metric is given.
        var minimum = 1;
        var maximumGiven = false;
        JsonElement? metrics = null;
        JsonElement? behavior = null;
        foreach (var property in spec.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            switch (property.Name)
            {
                case "minReplicas":
                    minimum = Int(property.Value, at) ?? minimum;
                    break;
                case "maxReplicas":
                    maximumGiven = true;
                    profile.Capacity.Maximum = Int(property.Value, at) ?? profile.Capacity.Maximum;
                    break;
                case "scaleTargetRef":
                    Warning(at, "ignored: scaleTargetRef names the Kubernetes workload to scale; here the setting scales the scale set it is attached to");
                    break;
                case "metrics" when !v1:
                    metrics = property.Value;
                    break;
                case "behavior" when !v1:
                    behavior = property.Value;
                    break;
                case "targetCPUUtilizationPercentage" when v1:
                    if (Int(property.Value, at) is { } percent)
                    {
                        profile.Rules = [CpuUtilizationRule(percent)];
                        Map(Profile + ".rules[0].targetTracking.targetValue", at);
                    }

                    break;
                default:
                    Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        if (!maximumGiven)
        {
            Error(path + ".maxReplicas", "the HorizontalPodAutoscaler has no maxReplicas");
        }

        profile.Capacity.Minimum = minimum;
        profile.Capacity.Default = minimum;
        if (metrics is { } list)
        {
            ReadMetrics(list, path + ".metrics", profile);
        }

        if (profile.Rules.Count == 0 && metrics is null)
        {
            profile.Rules = [CpuUtilizationRule(80)];
        }

        // Without a behavior (absent, null, or autoscaling/v1, which has none) HPA takes its legacy path:
        // reconcileAutoscaler calls normalizeDesiredReplicas, not normalizeDesiredReplicasWithBehaviors, and the API's
        // defaulting (pkg/apis/autoscaling/v2/defaults.go) fills a behavior only when one is given.
        if (behavior is not { ValueKind: not JsonValueKind.Null })
        {
            foreach (var rule in profile.Rules)
            {
                rule.TargetTracking!.LegacyLimits = true;
            }
        }
        else if (behavior is { } given)
        {
            // HPA applies one behavior to the autoscaler; every rule gets it, read (and reported) once.
            var first = Invariant($"{Profile}.rules[0]");
            var mapped = pathMap.Count;
            var template = new TargetTrackingPolicy();
            ReadBehavior(given, path + ".behavior", template, first + ".targetTracking");
            var behaviorPaths = pathMap.Skip(mapped).ToList();
            for (var i = 0; i < profile.Rules.Count; i++)
            {
                var policy = profile.Rules[i].TargetTracking!;
                policy.Tolerance = template.Tolerance;
                policy.ScaleUp = Copy(template.ScaleUp);
                policy.ScaleDown = Copy(template.ScaleDown);
                foreach (var (model, document) in behaviorPaths.Where(_ => i > 0))
                {
                    Map(Invariant($"{Profile}.rules[{i}]") + model[first.Length..], document);
                }
            }
        }
    }

    private static ScalingBehavior Copy(ScalingBehavior behavior) => new()
    {
        StabilizationWindow = behavior.StabilizationWindow,
        ProvisioningTime = behavior.ProvisioningTime,
        Tolerance = behavior.Tolerance,
        SelectPolicy = behavior.SelectPolicy,
        Policies = [.. behavior.Policies.Select(p => new ScalingRatePolicy { Type = p.Type, Value = p.Value, Period = p.Period })],
    };

    private static ScaleRule CpuUtilizationRule(double percent) => Rule("cpu", percent, MetricStatistic.Average, dividePerInstance: false);

    private static ScaleRule Rule(string metric, double target, MetricStatistic statistic, bool dividePerInstance) => new()
    {
        Name = metric,
        MetricTrigger = new MetricTrigger
        {
            MetricName = metric,
            Statistic = statistic,
            DividePerInstance = dividePerInstance,

            // HPA acts on the latest value of each metric; the latest complete grain stands for it.
            TimeGrain = TimeSpan.FromMinutes(1),
            TimeWindow = SettingLimits.MinTimeWindow,
            TimeAggregation = TimeAggregationType.Last,
        },
        TargetTracking = new TargetTrackingPolicy { TargetValue = target },
    };

    private void ReadMetrics(JsonElement metrics, string path, AutoscaleProfile profile)
    {
        if (metrics.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"expected a list of metrics, found {Describe(metrics)}");
            return;
        }

        var index = 0;
        foreach (var metric in metrics.EnumerateArray())
        {
            var at = Invariant($"{path}[{index}]");
            if (ReadMetric(metric, at, Invariant($"{Profile}.rules[{profile.Rules.Count}]")) is { } rule)
            {
                Map(Invariant($"{Profile}.rules[{profile.Rules.Count}]"), at);
                profile.Rules.Add(rule);
            }

            index++;
        }
    }

    private ScaleRule? ReadMetric(JsonElement metric, string path, string rulePath)
    {
        if (!IsObject(metric, path))
        {
            return null;
        }

        var type = Text(Find(metric, "type"));
        var source = type switch
        {
            "Resource" => "resource",
            "ContainerResource" => "containerResource",
            "Pods" => "pods",
            "Object" => "object",
            "External" => "external",
            _ => null,
        };
        if (source is null)
        {
            Error(path + ".type", type is null
                ? "the metric has no type; one of Resource, ContainerResource, Pods, Object, External"
                : $"unknown metric type '{type}'; one of Resource, ContainerResource, Pods, Object, External");
            return null;
        }

        foreach (var property in metric.EnumerateObject())
        {
            if (property.Name != "type" && property.Name != source)
            {
                Warning(SettingJsonText.Child(path, property.Name), $"ignored: a metric of type {type} is read from '{source}'");
            }
        }

        var body = Find(metric, source);
        var at = path + "." + source;
        if (body is not { } spec || !IsObject(spec, at))
        {
            Error(at, $"a metric of type {type} needs '{source}'");
            return null;
        }

        string? name;
        var namePath = at + ".name";
        if (type is "Resource" or "ContainerResource")
        {
            name = String(Find(spec, "name"), namePath);
            if (type == "ContainerResource")
            {
                Warning(at + ".container", "not honoured: the samples are not told apart by container; report the container's own value under the resource name");
            }
        }
        else
        {
            var identity = Find(spec, "metric");
            namePath = at + ".metric.name";
            name = identity is { } m && IsObject(m, at + ".metric") ? String(Find(m, "name"), namePath) : null;
            if (identity is null)
            {
                Error(at + ".metric", $"a metric of type {type} needs 'metric' with its name");
            }

            if (type == "Object" && Find(spec, "describedObject") is not null)
            {
                Warning(at + ".describedObject", "not honoured: the metric is matched by name (and selector), not by the Kubernetes object it describes");
            }
        }

        var target = Find(spec, "target");
        if (name is null || target is not { } goal || !IsObject(goal, at + ".target"))
        {
            if (target is null)
            {
                Error(at + ".target", "the metric has no target");
            }

            return null;
        }

        var targetType = Text(Find(goal, "type"));
        var (field, statistic, perInstance) = (type, targetType) switch
        {
            ("Resource" or "ContainerResource", "Utilization") => ("averageUtilization", MetricStatistic.Average, false),
            ("Resource" or "ContainerResource" or "Pods", "AverageValue") => ("averageValue", MetricStatistic.Average, false),

            // An object's value, or the sum of an external metric's series, is divided by the pods for AverageValue.
            ("Object", "Value") => ("value", MetricStatistic.Average, false),
            ("Object", "AverageValue") => ("averageValue", MetricStatistic.Average, true),
            ("External", "Value") => ("value", MetricStatistic.Sum, false),
            ("External", "AverageValue") => ("averageValue", MetricStatistic.Sum, true),
            _ => (null, MetricStatistic.Average, false),
        };
        if (field is null)
        {
            Error(at + ".target.type", $"a {type} metric's target type is {(type is "Resource" or "ContainerResource" ? "Utilization or AverageValue" : type == "Pods" ? "AverageValue" : "Value or AverageValue")}, found {(targetType is null ? "none" : "'" + targetType + "'")}");
            return null;
        }

        foreach (var property in goal.EnumerateObject())
        {
            if (property.Name is not "type" && property.Name != field)
            {
                Warning(SettingJsonText.Child(at + ".target", property.Name), $"ignored: a target of type {targetType} is read from '{field}'");
            }
        }

        var valuePath = at + ".target." + field;
        if (Find(goal, field) is not { } given)
        {
            Error(valuePath, $"a target of type {targetType} needs '{field}'");
            return null;
        }

        var value = field == "averageUtilization" ? Int(given, valuePath) : Quantity(given, valuePath);
        if (value is not { } targetValue)
        {
            return null;
        }

        var rule = Rule(name, targetValue, statistic, perInstance);
        Map(rulePath + ".metricTrigger.metricName", namePath);
        Map(rulePath + ".targetTracking.targetValue", valuePath);
        if (Find(spec, "metric") is { } identityObject && Find(identityObject, "selector") is { } selector)
        {
            rule.MetricTrigger.Dimensions = ReadSelector(selector, at + ".metric.selector");
            Map(rulePath + ".metricTrigger.dimensions", at + ".metric.selector");
        }

        return rule;
    }

    // A label selector becomes dimension filters: matchLabels and In are Equals, NotIn is NotEquals.
    private List<MetricDimensionFilter> ReadSelector(JsonElement selector, string path)
    {
        var filters = new List<MetricDimensionFilter>();
        if (selector.ValueKind == JsonValueKind.Null || !IsObject(selector, path))
        {
            return filters;
        }

        if (Find(selector, "matchLabels") is { ValueKind: JsonValueKind.Object } labels)
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (String(label.Value, SettingJsonText.Child(path + ".matchLabels", label.Name)) is { } value)
                {
                    filters.Add(new MetricDimensionFilter { Name = label.Name, Operator = DimensionOperator.Equals, Values = [value] });
                }
            }
        }

        if (Find(selector, "matchExpressions") is { ValueKind: JsonValueKind.Array } expressions)
        {
            var index = 0;
            foreach (var expression in expressions.EnumerateArray())
            {
                var at = Invariant($"{path}.matchExpressions[{index++}]");
                var key = String(Find(expression, "key"), at + ".key");
                var op = Text(Find(expression, "operator"));
                var values = Find(expression, "values") is { ValueKind: JsonValueKind.Array } list
                    ? list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()
                    : [];
                switch (op)
                {
                    case "In" when key is not null:
                        filters.Add(new MetricDimensionFilter { Name = key, Operator = DimensionOperator.Equals, Values = values });
                        break;
                    case "NotIn" when key is not null:
                        filters.Add(new MetricDimensionFilter { Name = key, Operator = DimensionOperator.NotEquals, Values = values });
                        break;
                    case "Exists" or "DoesNotExist":
                        Warning(at + ".operator", $"not honoured: a dimension filter cannot say '{op}'; the selector matches without it");
                        break;
                    default:
                        Error(at + ".operator", $"unknown selector operator '{op}'; In, NotIn, Exists or DoesNotExist");
                        break;
                }
            }
        }

        return filters;
    }

    private void ReadBehavior(JsonElement behavior, string path, TargetTrackingPolicy policy, string policyPath)
    {
        if (behavior.ValueKind == JsonValueKind.Null || !IsObject(behavior, path))
        {
            return;
        }

        double? upTolerance = null;
        double? downTolerance = null;
        foreach (var property in behavior.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            switch (property.Name)
            {
                case "scaleUp":
                    upTolerance = ReadRules(property.Value, at, policy.ScaleUp, policyPath + ".scaleUp");
                    break;
                case "scaleDown":
                    downTolerance = ReadRules(property.Value, at, policy.ScaleDown, policyPath + ".scaleDown");
                    break;
                default:
                    Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        // HPA's tolerance per direction is the behavior's own (ScalingBehavior.Tolerance); unset, the rule's applies.
        if (upTolerance is { } up)
        {
            policy.ScaleUp.Tolerance = up;
            Map(policyPath + ".scaleUp.tolerance", path + ".scaleUp.tolerance");
        }

        if (downTolerance is { } down)
        {
            policy.ScaleDown.Tolerance = down;
            Map(policyPath + ".scaleDown.tolerance", path + ".scaleDown.tolerance");
        }
    }

    private double? ReadRules(JsonElement rules, string path, ScalingBehavior behavior, string behaviorPath)
    {
        if (rules.ValueKind == JsonValueKind.Null || !IsObject(rules, path))
        {
            return null;
        }

        Map(behaviorPath, path);
        Map(behaviorPath + ".stabilizationWindow", path + ".stabilizationWindowSeconds");
        double? tolerance = null;
        foreach (var property in rules.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            switch (property.Name)
            {
                case "stabilizationWindowSeconds":
                    behavior.StabilizationWindow = Int(property.Value, at) is { } seconds ? TimeSpan.FromSeconds(seconds) : behavior.StabilizationWindow;
                    break;
                case "selectPolicy":
                    behavior.SelectPolicy = Text(property.Value) switch
                    {
                        "Max" => ScalingPolicySelect.Max,
                        "Min" => ScalingPolicySelect.Min,
                        "Disabled" => ScalingPolicySelect.Disabled,
                        var other => Fail(at, $"unknown selectPolicy {(other is null ? Describe(property.Value) : "'" + other + "'")}; Max, Min or Disabled", behavior.SelectPolicy),
                    };
                    break;
                case "policies":
                    behavior.Policies = ReadPolicies(property.Value, at, behaviorPath + ".policies");
                    break;
                case "tolerance":
                    tolerance = Quantity(property.Value, at);
                    break;
                default:
                    Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        return tolerance;
    }

    private List<ScalingRatePolicy> ReadPolicies(JsonElement policies, string path, string modelPath)
    {
        var list = new List<ScalingRatePolicy>();
        if (policies.ValueKind != JsonValueKind.Array)
        {
            Error(path, $"expected a list of policies, found {Describe(policies)}");
            return list;
        }

        var index = 0;
        foreach (var item in policies.EnumerateArray())
        {
            var at = Invariant($"{path}[{index++}]");
            if (!IsObject(item, at))
            {
                continue;
            }

            var policy = new ScalingRatePolicy();
            policy.Type = Text(Find(item, "type")) switch
            {
                "Pods" => ScalingRatePolicyType.Instances,
                "Percent" => ScalingRatePolicyType.Percent,
                var other => Fail(at + ".type", $"unknown policy type {(other is null ? "(none)" : "'" + other + "'")}; Pods or Percent", policy.Type),
            };
            policy.Value = Find(item, "value") is { } value ? Int(value, at + ".value") ?? policy.Value : Fail(at + ".value", "the policy has no value", policy.Value);
            policy.Period = Find(item, "periodSeconds") is { } period && Int(period, at + ".periodSeconds") is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : Find(item, "periodSeconds") is null ? Fail(at + ".periodSeconds", "the policy has no periodSeconds", policy.Period) : policy.Period;
            foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("type" or "value" or "periodSeconds")))
            {
                Warning(SettingJsonText.Child(at, property.Name), $"unknown property '{property.Name}' ignored");
            }

            Map(Invariant($"{modelPath}[{list.Count}]"), at);
            Map(Invariant($"{modelPath}[{list.Count}].period"), at + ".periodSeconds");
            list.Add(policy);
        }

        return list;
    }

    private int? Int(JsonElement element, string path)
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

    private double? Quantity(JsonElement element, string path)
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

    private string? String(JsonElement? element, string path)
    {
        if (element is { ValueKind: JsonValueKind.String } text)
        {
            return text.GetString();
        }

        Error(path, element is null ? "missing" : $"expected a string, found {Describe(element.Value)}");
        return null;
    }

    private bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(path, $"expected an object, found {Describe(element)}");
        return false;
    }

    private T Fail<T>(string path, string message, T fallback)
    {
        Error(path, message);
        return fallback;
    }

    private void Map(string modelPath, string documentPath) => pathMap.Add(new(modelPath, documentPath));

    private void Error(string path, string message) => problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));

    private void Warning(string path, string message) => problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));

    private static string? Text(JsonElement? element) => element is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static JsonElement? Find(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => Shorten(element.GetRawText()),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => element.GetRawText(),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
