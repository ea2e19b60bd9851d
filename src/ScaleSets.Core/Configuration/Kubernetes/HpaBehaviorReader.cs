using System.Text.Json;
using ScaleSets.Model;
using static ScaleSets.Configuration.Kubernetes.ManifestValues;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Reads a HorizontalPodAutoscaler's <c>behavior</c>: the scale-up and scale-down rules (stabilization window,
/// tolerance, select policy and rate policies) into a target-tracking policy's behaviours.
/// </summary>
/// <param name="reader">Reads the manifest's values and records problems.</param>
internal sealed class HpaBehaviorReader(ManifestValues reader)
{
    public void ReadBehavior(JsonElement behavior, string path, TargetTrackingPolicy policy, string policyPath)
    {
        if (behavior.ValueKind == JsonValueKind.Null || !reader.IsObject(behavior, path))
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
                    reader.Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        // HPA's tolerance per direction is the behavior's own (ScalingBehavior.Tolerance); unset, the rule's applies.
        if (upTolerance is { } up)
        {
            policy.ScaleUp.Tolerance = up;
            reader.Map(policyPath + ".scaleUp.tolerance", path + ".scaleUp.tolerance");
        }

        if (downTolerance is { } down)
        {
            policy.ScaleDown.Tolerance = down;
            reader.Map(policyPath + ".scaleDown.tolerance", path + ".scaleDown.tolerance");
        }
    }

    private double? ReadRules(JsonElement rules, string path, ScalingBehavior behavior, string behaviorPath)
    {
        if (rules.ValueKind == JsonValueKind.Null || !reader.IsObject(rules, path))
        {
            return null;
        }

        reader.Map(behaviorPath, path);
        reader.Map(behaviorPath + ".stabilizationWindow", path + ".stabilizationWindowSeconds");
        double? tolerance = null;
        foreach (var property in rules.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            switch (property.Name)
            {
                case "stabilizationWindowSeconds":
                    behavior.StabilizationWindow = reader.Int(property.Value, at) is { } seconds ? TimeSpan.FromSeconds(seconds) : behavior.StabilizationWindow;
                    break;
                case "selectPolicy":
                    behavior.SelectPolicy = Text(property.Value) switch
                    {
                        "Max" => ScalingPolicySelect.Max,
                        "Min" => ScalingPolicySelect.Min,
                        "Disabled" => ScalingPolicySelect.Disabled,
                        var other => reader.Fail(at, $"unknown selectPolicy {(other is null ? Describe(property.Value) : "'" + other + "'")}; Max, Min or Disabled", behavior.SelectPolicy),
                    };
                    break;
                case "policies":
                    behavior.Policies = ReadPolicies(property.Value, at, behaviorPath + ".policies");
                    break;
                case "tolerance":
                    tolerance = reader.Quantity(property.Value, at);
                    break;
                default:
                    reader.Warning(at, $"unknown property '{property.Name}' ignored");
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
            reader.Error(path, $"expected a list of policies, found {Describe(policies)}");
            return list;
        }

        var index = 0;
        foreach (var item in policies.EnumerateArray())
        {
            var at = Invariant($"{path}[{index++}]");
            if (!reader.IsObject(item, at))
            {
                continue;
            }

            var policy = new ScalingRatePolicy();
            policy.Type = Text(Find(item, "type")) switch
            {
                "Pods" => ScalingRatePolicyType.Instances,
                "Percent" => ScalingRatePolicyType.Percent,
                var other => reader.Fail(at + ".type", $"unknown policy type {(other is null ? "(none)" : "'" + other + "'")}; Pods or Percent", policy.Type),
            };
            policy.Value = Find(item, "value") is { } value ? reader.Int(value, at + ".value") ?? policy.Value : reader.Fail(at + ".value", "the policy has no value", policy.Value);
            policy.Period = Find(item, "periodSeconds") is { } period && reader.Int(period, at + ".periodSeconds") is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : Find(item, "periodSeconds") is null ? reader.Fail(at + ".periodSeconds", "the policy has no periodSeconds", policy.Period) : policy.Period;
            foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("type" or "value" or "periodSeconds")))
            {
                reader.Warning(SettingJsonText.Child(at, property.Name), $"unknown property '{property.Name}' ignored");
            }

            reader.Map(Invariant($"{modelPath}[{list.Count}]"), at);
            reader.Map(Invariant($"{modelPath}[{list.Count}].period"), at + ".periodSeconds");
            list.Add(policy);
        }

        return list;
    }
}
