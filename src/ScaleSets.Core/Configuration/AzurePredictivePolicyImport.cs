using System.Text.Json;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Configuration;

/// <summary>
/// Maps Azure's predictive autoscale policy to a <see cref="PredictiveScalingPolicy"/>: Azure forecasts the scale set's
/// host CPU towards the threshold of a CPU scale-out rule, so the policy is read once the profiles are.
/// </summary>
internal static class AzurePredictivePolicyImport
{
    /// <summary>The metric Azure's predictive autoscale forecasts.</summary>
    public const string AzureCpuMetric = "Percentage CPU";

    private static readonly SettingObjectShape<AzurePredictivePolicyRead> Shape = new SettingObjectShape<AzurePredictivePolicyRead>()
        .Add("scaleMode", (r, p, value, at) =>
        {
            p.ModeGiven = true;
            p.Mode = r.ReadEnum<PredictiveScalingMode>(value, at, "predictive scale mode");
        })
        .Add("scaleLookAheadTime", (r, p, value, at) =>
        {
            p.LookAheadPath = at;
            p.LookAhead = value.ValueKind == JsonValueKind.Null ? null : r.ReadDuration(value, at);
        });

    /// <summary>Reads the policy at <paramref name="path"/>; <see langword="null"/> when it is disabled or cannot be honoured.</summary>
    public static PredictiveScalingPolicy? Read(SettingValueReader reader, JsonElement element, string path, List<AutoscaleProfile> profiles)
    {
        if (element.ValueKind == JsonValueKind.Null || !reader.Expect(element, path, JsonValueKind.Object))
        {
            return null;
        }

        var read = Shape.ReadProperties(reader, element, path, new AzurePredictivePolicyRead(), []);
        if (!read.ModeGiven)
        {
            reader.Error(path, $"the predictive autoscale policy has no scaleMode; allowed values: {string.Join(", ", Enum.GetNames<PredictiveScalingMode>())}");
        }

        if (read.Mode is not { } scaleMode || scaleMode == PredictiveScalingMode.Disabled)
        {
            return null;
        }

        if (read.LookAhead is { } given && (given < SettingLimits.MinAzureLookAhead || given > SettingLimits.MaxAzureLookAhead))
        {
            reader.Warning(read.LookAheadPath!, $"scaleLookAheadTime {DurationText.Format(given)} is outside Azure's range of {DurationText.Format(SettingLimits.MinAzureLookAhead)} to {DurationText.Format(SettingLimits.MaxAzureLookAhead)}; imported as given");
        }

        if (FindCpuScaleOutRule(profiles) is not { } trigger)
        {
            // Azure stores such a policy (only its portal asks for a CPU rule), and forecasts towards a CPU rule's threshold.
            reader.Warning(path, $"not honoured: predictive autoscale (scaleMode '{scaleMode}') takes its target from a \"{AzureCpuMetric}\" scale-out rule (Increase, GreaterThan or GreaterThanOrEqual), and this setting has none, so nothing is forecast; add such a rule to forecast");
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
        if (read.LookAhead is { } leadTime)
        {
            imported.LeadTime = leadTime;
        }

        return imported;
    }

    // The default profile's rule first, as that is the profile Azure's portal sets predictive autoscale up on.
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
}
