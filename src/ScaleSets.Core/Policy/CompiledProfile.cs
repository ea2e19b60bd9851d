using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>A profile prepared for repeated evaluation: rule names, directions and target-tracking state computed once.</summary>
internal sealed class CompiledProfile
{
    public CompiledProfile(AutoscaleProfile profile, int index)
    {
        Profile = profile;
        Index = index;
        var rules = profile.Rules;
        RuleNames = new string[rules.Count];
        TargetStates = new TargetTrackingState?[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            RuleNames[i] = string.IsNullOrWhiteSpace(rule.Name) ? string.Create(CultureInfo.InvariantCulture, $"rule[{i}]") : rule.Name;
            if (rule.Kind == ScaleRuleKind.TargetTracking)
            {
                TargetStates[i] = new TargetTrackingState();
            }
        }
    }

    public AutoscaleProfile Profile { get; }

    public int Index { get; }

    public string[] RuleNames { get; }

    public TargetTrackingState?[] TargetStates { get; }
}
