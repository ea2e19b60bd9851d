using System.Globalization;
using ScaleSets.Model;
using ScaleSets.Rules;
using ScaleSets.Series;

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
        Headrooms = new SloHeadroomEstimator?[rules.Count];
        Rules = new CompiledRule[rules.Count];
        var allTargets = rules.Count > 0;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            Rules[i] = new CompiledRule(rule);
            RuleNames[i] = string.IsNullOrWhiteSpace(rule.Name) ? string.Create(CultureInfo.InvariantCulture, $"rule[{i}]") : rule.Name;
            if (rule.Kind != ScaleRuleKind.TargetTracking)
            {
                allTargets = false;
            }
            else
            {
                TargetStates[i] = new TargetTrackingState();
                if (HpaRule < 0)
                {
                    HpaRule = i;
                }

                if (rule.TargetTracking!.ScaleDown.ProvisioningTime is { } provisioning)
                {
                    Stabilizers[i] = new AdaptiveStabilizer(rule.TargetTracking.ScaleDown.StabilizationWindow, provisioning);
                }

                if (rule.TargetTracking.Slo is { } objective)
                {
                    Headrooms[i] = new SloHeadroomEstimator(objective);
                }
            }
        }

        UsesHpa = profile.Combination == RuleCombination.Hpa || (profile.Combination == RuleCombination.Auto && allTargets);
        HpaPolicy = HpaRule >= 0 ? rules[HpaRule].TargetTracking! : new TargetTrackingPolicy();
    }

    public AutoscaleProfile Profile { get; }

    /// <summary>Gets whether the profile combines its rules the Kubernetes HPA way (largest proposal, stabilized once).</summary>
    public bool UsesHpa { get; }

    /// <summary>Gets the first target-tracking rule's index, whose behavior the HPA combination uses, or -1.</summary>
    public int HpaRule { get; } = -1;

    /// <summary>Gets the policy whose stabilization and rate limits the HPA combination applies (HPA's defaults without a target-tracking rule).</summary>
    public TargetTrackingPolicy HpaPolicy { get; }

    /// <summary>Gets the recommendation history of the HPA combination: one per profile, as HPA keeps one per autoscaler.</summary>
    public TargetTrackingState HpaState { get; } = new();

    public int Index { get; }

    public string[] RuleNames { get; }

    public TargetTrackingState?[] TargetStates { get; }

    /// <summary>Gets, per rule, the adaptive scale-down window of a target-tracking rule that has a provisioning time, else <see langword="null"/>.</summary>
    public AdaptiveStabilizer?[] Stabilizers { get; }

    /// <summary>Gets, per rule, the headroom estimator of a target-tracking rule that has an SLO objective, else <see langword="null"/>.</summary>
    public SloHeadroomEstimator?[] Headrooms { get; }

    /// <summary>Gets the rules, flattened for the evaluation loop.</summary>
    public CompiledRule[] Rules { get; }

    /// <summary>Expands compact results into the public, explained form.</summary>
    /// <param name="results">The rules' compact results.</param>
    /// <param name="store">The metric store, asked what a rule with missing data waited for; or <see langword="null"/>.</param>
    /// <param name="triggerIndex">The store's trigger index of each rule (with <paramref name="store"/>).</param>
    /// <returns>One evaluation per rule.</returns>
    public RuleEvaluation[] Describe(ReadOnlySpan<RuleResult> results, MetricStore? store = null, int[]? triggerIndex = null)
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
                Headroom = result.Headroom,
                ReportingInstances = result.Counts.IsKnown ? result.Counts.Reporting : null,
                MissingInstances = result.Counts.IsKnown ? result.Counts.Missing : null,
                NotReadyInstances = result.Counts.IsKnown ? result.Counts.NotReady : null,
                WaitingFor = result.Outcome == RuleOutcome.MissingData && store is not null && triggerIndex is not null
                    ? store.DescribeExpected(triggerIndex[i])
                    : null,
            };
        }

        return evaluations;
    }
}
