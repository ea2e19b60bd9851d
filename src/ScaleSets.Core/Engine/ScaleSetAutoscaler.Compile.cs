using ScaleSets.Configuration;
using ScaleSets.Model;
using ScaleSets.Policy;
using ScaleSets.Schedules;

namespace ScaleSets.Engine;

/// <summary>
/// How a setting becomes what the autoscaler evaluates: validated against the engine's options, compiled into profiles and trigger indexes.
/// </summary>
public sealed partial class ScaleSetAutoscaler
{
    /// <summary>A census of the target-tracking rules' metrics, or none when the setting has no target-tracking rule.</summary>
    private static InstanceCensus? CreateCensus(AutoscaleSetting setting, InstanceCensus? existing)
    {
        var triggers = setting.Profiles.SelectMany(p => p.Rules).Where(r => r.Kind == ScaleRuleKind.TargetTracking).Select(r => r.MetricTrigger).ToArray();
        if (triggers.Length == 0)
        {
            return null;
        }

        if (existing is null)
        {
            return new InstanceCensus(triggers);
        }

        existing.Reconfigure(triggers);
        return existing;
    }

    private static void Validate(AutoscaleSetting setting, AutoscaleEngineOptions options)
    {
        var result = AutoscaleSettingValidator.Validate(setting, options.InstanceLimit);
        if (!result.IsValid)
        {
            throw new AutoscaleSettingException(string.IsNullOrEmpty(setting.Name) ? "(unnamed)" : setting.Name, result.Problems);
        }
    }

    private static int MaxRules(AutoscaleSetting setting)
    {
        var max = 0;
        foreach (var profile in setting.Profiles)
        {
            max = Math.Max(max, profile.Rules.Count);
        }

        return max;
    }

    private static (ProfileSchedule Schedule, CompiledProfile[] Profiles, int[][] TriggerIndex, List<MetricTrigger> Triggers) Compile(AutoscaleSetting setting)
    {
        var schedule = new ProfileSchedule(setting);
        var profiles = new CompiledProfile[setting.Profiles.Count];
        var triggerIndex = new int[setting.Profiles.Count][];
        var triggers = new List<MetricTrigger>();
        for (var p = 0; p < profiles.Length; p++)
        {
            var profile = setting.Profiles[p];
            profiles[p] = new CompiledProfile(profile, p);
            triggerIndex[p] = new int[profile.Rules.Count];
            for (var r = 0; r < profile.Rules.Count; r++)
            {
                triggerIndex[p][r] = triggers.Count;
                triggers.Add(profile.Rules[r].MetricTrigger);
            }
        }

        return (schedule, profiles, triggerIndex, triggers);
    }
}
