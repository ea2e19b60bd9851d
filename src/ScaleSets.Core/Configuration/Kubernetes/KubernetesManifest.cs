using System.Text.Json;
using ScaleSets.Model;
using static ScaleSets.Configuration.Kubernetes.ManifestValues;

namespace ScaleSets.Configuration.Kubernetes;

/// <summary>
/// Reads a Kubernetes <c>HorizontalPodAutoscaler</c> (<c>autoscaling/v2</c>, <c>v2beta2</c>, or <c>v1</c>'s
/// <c>targetCPUUtilizationPercentage</c>) into a setting with the same meaning: one profile with the replica range,
/// one target-tracking rule per metric, and the behavior on every rule. What has no meaning outside Kubernetes
/// (<c>scaleTargetRef</c>, the namespace, labels, <c>status</c>) is reported as a warning naming the field.
/// </summary>
internal sealed class KubernetesManifest
{
    private const string Kind = "HorizontalPodAutoscaler";

    private static readonly TimeSpan SyncPeriod = TimeSpan.FromSeconds(15);

    private readonly ManifestValues reader;

    private KubernetesManifest(List<SettingProblem> problems, List<KeyValuePair<string, string>> pathMap) => reader = new ManifestValues(problems, pathMap);

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
            reader.Error("$.apiVersion", "autoscaling/v2beta1 is not read (its targets have another shape); convert the manifest to autoscaling/v2, for example with kubectl convert");
            return null;
        }

        var v1 = api.Equals("autoscaling/v1", StringComparison.OrdinalIgnoreCase);
        if (!v1 && !api.Equals("autoscaling/v2", StringComparison.OrdinalIgnoreCase) && !api.Equals("autoscaling/v2beta2", StringComparison.OrdinalIgnoreCase))
        {
            reader.Error("$.apiVersion", $"unknown HorizontalPodAutoscaler apiVersion '{api}'; autoscaling/v2 (or v2beta2, v1) is read");
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
                    reader.Warning(at, "ignored: status is what Kubernetes reports about a running autoscaler");
                    break;
                default:
                    reader.Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        if (Find(root, "spec") is null)
        {
            reader.Error("$.spec", "the HorizontalPodAutoscaler has no spec");
        }

        return setting;
    }

    private void ReadMetadata(JsonElement metadata, string path, AutoscaleSetting setting)
    {
        if (!reader.IsObject(metadata, path))
        {
            return;
        }

        foreach (var property in metadata.EnumerateObject())
        {
            var at = SettingJsonText.Child(path, property.Name);
            if (property.Name == "name")
            {
                setting.Name = reader.String(property.Value, at) ?? setting.Name;
                reader.Map("$.name", at);
            }
            else
            {
                reader.Warning(at, $"ignored: metadata.{property.Name} has no meaning outside Kubernetes");
            }
        }
    }

    private void ReadSpec(JsonElement spec, string path, AutoscaleProfile profile, bool v1)
    {
        if (!reader.IsObject(spec, path))
        {
            return;
        }

        reader.Map(Profile, path);
        reader.Map(Profile + ".capacity", path);
        var minimumPath = path + ".minReplicas";
        reader.Map(Profile + ".capacity.minimum", minimumPath);
        reader.Map(Profile + ".capacity.default", minimumPath);
        reader.Map(Profile + ".capacity.maximum", path + ".maxReplicas");
        reader.Map(Profile + ".rules", path + ".metrics");

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
                    minimum = reader.Int(property.Value, at) ?? minimum;
                    break;
                case "maxReplicas":
                    maximumGiven = true;
                    profile.Capacity.Maximum = reader.Int(property.Value, at) ?? profile.Capacity.Maximum;
                    break;
                case "scaleTargetRef":
                    reader.Warning(at, "ignored: scaleTargetRef names the Kubernetes workload to scale; here the setting scales the scale set it is attached to");
                    break;
                case "metrics" when !v1:
                    metrics = property.Value;
                    break;
                case "behavior" when !v1:
                    behavior = property.Value;
                    break;
                case "targetCPUUtilizationPercentage" when v1:
                    if (reader.Int(property.Value, at) is { } percent)
                    {
                        profile.Rules = [HpaMetricReader.CpuUtilizationRule(percent)];
                        reader.Map(Profile + ".rules[0].targetTracking.targetValue", at);
                    }

                    break;
                default:
                    reader.Warning(at, $"unknown property '{property.Name}' ignored");
                    break;
            }
        }

        if (!maximumGiven)
        {
            reader.Error(path + ".maxReplicas", "the HorizontalPodAutoscaler has no maxReplicas");
        }

        profile.Capacity.Minimum = minimum;
        profile.Capacity.Default = minimum;
        if (metrics is { } list)
        {
            new HpaMetricReader(reader).ReadMetrics(list, path + ".metrics", profile);
        }

        if (profile.Rules.Count == 0 && metrics is null)
        {
            profile.Rules = [HpaMetricReader.CpuUtilizationRule(80)];
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
            var mapped = reader.PathMap.Count;
            var template = new TargetTrackingPolicy();
            new HpaBehaviorReader(reader).ReadBehavior(given, path + ".behavior", template, first + ".targetTracking");
            var behaviorPaths = reader.PathMap.Skip(mapped).ToList();
            for (var i = 0; i < profile.Rules.Count; i++)
            {
                var policy = profile.Rules[i].TargetTracking!;
                policy.Tolerance = template.Tolerance;
                policy.ScaleUp = Copy(template.ScaleUp);
                policy.ScaleDown = Copy(template.ScaleDown);
                foreach (var (model, document) in behaviorPaths.Where(_ => i > 0))
                {
                    reader.Map(Invariant($"{Profile}.rules[{i}]") + model[first.Length..], document);
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
}
