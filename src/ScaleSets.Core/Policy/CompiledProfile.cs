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
        Stabilizers = new AdaptiveStabilizer?[rules.Count];
        Rules = new CompiledRule[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            Rules[i] = new CompiledRule(rule);
            RuleNames[i] = string.IsNullOrWhiteSpace(rule.Name) ? string.Create(CultureInfo.InvariantCulture, $"rule[{i}]") : rule.Name;
            if (rule.Kind == ScaleRuleKind.TargetTracking)
            {
                TargetStates[i] = new TargetTrackingState();
                if (rule.TargetTracking!.ScaleDown.ProvisioningTime is { } provisioning)
                {
                    Stabilizers[i] = new AdaptiveStabilizer(rule.TargetTracking.ScaleDown.StabilizationWindow, provisioning);
                }
            }
        }
    }

    public AutoscaleProfile Profile { get; }

    public int Index { get; }

    public string[] RuleNames { get; }

    public TargetTrackingState?[] TargetStates { get; }

    /// <summary>Gets, per rule, the adaptive scale-down window of a target-tracking rule that has a provisioning time, else <see langword="null"/>.</summary>
    public AdaptiveStabilizer?[] Stabilizers { get; }

    /// <summary>Gets the rules, flattened for the evaluation loop.</summary>
    public CompiledRule[] Rules { get; }

    /// <summary>Expands compact results into the public, explained form.</summary>
    public RuleEvaluation[] Describe(ReadOnlySpan<RuleResult> results)
    {
        var evaluations = new RuleEvaluation[results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            ref readonly var rule = ref Rules[i];
            var result = results[i];
            evaluations[i] = new RuleEvaluation(
                i,
                RuleNames[i],
                rule.Kind,
                Profile.Rules[i].MetricTrigger.MetricName,
                result.Direction,
                result.Observed,
                rule.Operator,
                rule.Threshold,
                result.Outcome,
                result.Proposed,
                result.Raw)
            {
                ScaleDownWindow = result.DownWindow,
            };
        }

        return evaluations;
    }
}
