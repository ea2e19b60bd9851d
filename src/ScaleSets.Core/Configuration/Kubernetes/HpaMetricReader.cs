using System.Text.Json;
using ScaleSets.Model;
using static ScaleSets.Configuration.Kubernetes.ManifestValues;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Reads a HorizontalPodAutoscaler's <c>metrics</c>: each metric (Resource, ContainerResource, Pods, Object, External)
/// becomes a target-tracking rule on the metric's name, with its label selector as dimension filters.
/// </summary>
/// <param name="reader">Reads the manifest's values and records problems.</param>
internal sealed class HpaMetricReader(ManifestValues reader)
{
    public void ReadMetrics(JsonElement metrics, string path, AutoscaleProfile profile)
    {
        if (metrics.ValueKind != JsonValueKind.Array)
        {
            reader.Error(path, $"expected a list of metrics, found {Describe(metrics)}");
            return;
        }

        var index = 0;
        foreach (var metric in metrics.EnumerateArray())
        {
            var at = Invariant($"{path}[{index}]");
            if (ReadMetric(metric, at, Invariant($"{Profile}.rules[{profile.Rules.Count}]")) is { } rule)
            {
                reader.Map(Invariant($"{Profile}.rules[{profile.Rules.Count}]"), at);
                profile.Rules.Add(rule);
            }

            index++;
        }
    }

    private ScaleRule? ReadMetric(JsonElement metric, string path, string rulePath)
    {
        if (!reader.IsObject(metric, path))
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
            reader.Error(path + ".type", type is null
                ? "the metric has no type; one of Resource, ContainerResource, Pods, Object, External"
                : $"unknown metric type '{type}'; one of Resource, ContainerResource, Pods, Object, External");
            return null;
        }

        foreach (var property in metric.EnumerateObject())
        {
            if (property.Name != "type" && property.Name != source)
            {
                reader.Warning(SettingJsonText.Child(path, property.Name), $"ignored: a metric of type {type} is read from '{source}'");
            }
        }

        var body = Find(metric, source);
        var at = path + "." + source;
        if (body is not { } spec || !reader.IsObject(spec, at))
        {
            reader.Error(at, $"a metric of type {type} needs '{source}'");
            return null;
        }

        string? name;
        var namePath = at + ".name";
        if (type is "Resource" or "ContainerResource")
        {
            name = reader.String(Find(spec, "name"), namePath);
            if (type == "ContainerResource")
            {
                reader.Warning(at + ".container", "not honoured: the samples are not told apart by container; report the container's own value under the resource name");
            }
        }
        else
        {
            var identity = Find(spec, "metric");
            namePath = at + ".metric.name";
            name = identity is { } m && reader.IsObject(m, at + ".metric") ? reader.String(Find(m, "name"), namePath) : null;
            if (identity is null)
            {
                reader.Error(at + ".metric", $"a metric of type {type} needs 'metric' with its name");
            }

            if (type == "Object" && Find(spec, "describedObject") is not null)
            {
                reader.Warning(at + ".describedObject", "not honoured: the metric is matched by name (and selector), not by the Kubernetes object it describes");
            }
        }

        var target = Find(spec, "target");
        if (name is null || target is not { } goal || !reader.IsObject(goal, at + ".target"))
        {
            if (target is null)
            {
                reader.Error(at + ".target", "the metric has no target");
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
            reader.Error(at + ".target.type", $"a {type} metric's target type is {(type is "Resource" or "ContainerResource" ? "Utilization or AverageValue" : type == "Pods" ? "AverageValue" : "Value or AverageValue")}, found {(targetType is null ? "none" : "'" + targetType + "'")}");
            return null;
        }

        foreach (var property in goal.EnumerateObject())
        {
            if (property.Name is not "type" && property.Name != field)
            {
                reader.Warning(SettingJsonText.Child(at + ".target", property.Name), $"ignored: a target of type {targetType} is read from '{field}'");
            }
        }

        var valuePath = at + ".target." + field;
        if (Find(goal, field) is not { } given)
        {
            reader.Error(valuePath, $"a target of type {targetType} needs '{field}'");
            return null;
        }

        var value = field == "averageUtilization" ? reader.Int(given, valuePath) : reader.Quantity(given, valuePath);
        if (value is not { } targetValue)
        {
            return null;
        }

        var rule = Rule(name, targetValue, statistic, perInstance);
        reader.Map(rulePath + ".metricTrigger.metricName", namePath);
        reader.Map(rulePath + ".targetTracking.targetValue", valuePath);
        if (Find(spec, "metric") is { } identityObject && Find(identityObject, "selector") is { } selector)
        {
            rule.MetricTrigger.Dimensions = ReadSelector(selector, at + ".metric.selector");
            reader.Map(rulePath + ".metricTrigger.dimensions", at + ".metric.selector");
        }

        return rule;
    }

    // A label selector becomes dimension filters: matchLabels and In are Equals, NotIn is NotEquals.
    private List<MetricDimensionFilter> ReadSelector(JsonElement selector, string path)
    {
        var filters = new List<MetricDimensionFilter>();
        if (selector.ValueKind == JsonValueKind.Null || !reader.IsObject(selector, path))
        {
            return filters;
        }

        if (Find(selector, "matchLabels") is { ValueKind: JsonValueKind.Object } labels)
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (reader.String(label.Value, SettingJsonText.Child(path + ".matchLabels", label.Name)) is { } value)
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
                var key = reader.String(Find(expression, "key"), at + ".key");
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
                        reader.Warning(at + ".operator", $"not honoured: a dimension filter cannot say '{op}'; the selector matches without it");
                        break;
                    default:
                        reader.Error(at + ".operator", $"unknown selector operator '{op}'; In, NotIn, Exists or DoesNotExist");
                        break;
                }
            }
        }

        return filters;
    }

    public static ScaleRule CpuUtilizationRule(double percent) => Rule("cpu", percent, MetricStatistic.Average, dividePerInstance: false);

    public static ScaleRule Rule(string metric, double target, MetricStatistic statistic, bool dividePerInstance) => new()
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
}
