using System.Globalization;
using ScaleSets.Policy;

namespace ScaleSets.Engine;

/// <summary>
/// Computes a scale set's conditions and what blocks its next action from its latest evaluation: a pure function of plain
/// values, as Kubernetes' HPA computes its conditions from the steps of its last reconcile.
/// </summary>
internal static class AutoscalerConditions
{
    /// <summary>Computes AbleToScale, ScalingActive and ScalingLimited, in that order.</summary>
    public static ScaleSetCondition[] Compute(
        DateTimeOffset now,
        bool evaluated,
        bool enabled,
        int capacity,
        int wanted,
        ScaleReason reason,
        ScaleBlockReason blocked,
        DateTimeOffset? cooldownUntil,
        IReadOnlyList<RuleStatus> rules,
        int minimum,
        int maximum)
    {
        return [AbleToScale(now, enabled, blocked, cooldownUntil, rules), ScalingActive(evaluated, rules), ScalingLimited(capacity, wanted, reason, blocked, minimum, maximum)];
    }

    /// <summary>What blocks the next action, in one sentence; empty when nothing does.</summary>
    public static string NextActionBlockedBy(DateTimeOffset now, bool enabled, ScaleBlockReason blocked, DateTimeOffset? cooldownUntil, IReadOnlyList<string> missingData, IReadOnlyList<RuleStatus> rules, int capacity, int minimum, int maximum)
    {
        var parts = new List<string>();
        if (!enabled)
        {
            parts.Add("the setting is disabled");
        }

        if (cooldownUntil is { } until && until > now)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cooldown until {Format(until)}"));
        }

        foreach (var rule in rules)
        {
            if (rule.Stabilized)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"rule '{rule.Name}' stabilized at {rule.ProposedCapacity} (raw {rule.RawProposal}{(rule.ScaleDownWindow is { } w ? $", window {w}" : "")})"));
            }
        }

        if (blocked == ScaleBlockReason.AtMaximum || (capacity >= maximum && WantsMore(rules)))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at the profile maximum of {maximum}"));
        }
        else if (blocked == ScaleBlockReason.AtMinimum)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at the profile minimum of {minimum}"));
        }
        else if (blocked is ScaleBlockReason.Flapping or ScaleBlockReason.ScaleInNotUnanimous or ScaleBlockReason.PredictiveFloor or ScaleBlockReason.PausedAtZero)
        {
            parts.Add(Describe(blocked));
        }

        if (missingData.Count > 0)
        {
            parts.Add("no data for " + string.Join(", ", missingData.Select(m => $"'{m}'")));
        }

        return string.Join("; ", parts);
    }

    private static ScaleSetCondition AbleToScale(DateTimeOffset now, bool enabled, ScaleBlockReason blocked, DateTimeOffset? cooldownUntil, IReadOnlyList<RuleStatus> rules)
    {
        const ScaleSetConditionType Type = ScaleSetConditionType.AbleToScale;
        if (!enabled)
        {
            return new(Type, false, "SettingDisabled", "the setting is disabled: it evaluates and explains but never acts");
        }

        if (blocked == ScaleBlockReason.PausedAtZero)
        {
            return new(Type, false, "PausedAtZero", "the set is at zero instances; autoscaling is paused until it has one");
        }

        if (cooldownUntil is { } until && until > now)
        {
            return new(Type, false, "Cooldown", string.Create(CultureInfo.InvariantCulture, $"the last action's cooldown lasts until {Format(until)}"));
        }

        var stabilized = rules.FirstOrDefault(r => r.Stabilized);
        if (stabilized is not null)
        {
            return new(Type, true, "ScaleDownStabilized", string.Create(CultureInfo.InvariantCulture, $"rule '{stabilized.Name}' holds {stabilized.ProposedCapacity} (raw {stabilized.RawProposal}) over its stabilization window"));
        }

        return new(Type, true, "ReadyForNewScale", "the autoscaler may change the capacity at the next evaluation");
    }

    private static ScaleSetCondition ScalingActive(bool evaluated, IReadOnlyList<RuleStatus> rules)
    {
        const ScaleSetConditionType Type = ScaleSetConditionType.ScalingActive;
        if (!evaluated)
        {
            return new(Type, false, "NotEvaluated", "no evaluation has run yet");
        }

        if (rules.Count == 0)
        {
            return new(Type, false, "NoRules", "the active profile has no rules: the capacity stays within its range");
        }

        var missing = rules.Where(r => r.Observed is null).Select(r => r.Name).ToList();
        if (missing.Count == rules.Count)
        {
            return new(Type, false, "MissingData", "no rule has data in its window: " + string.Join(", ", missing.Select(m => $"'{m}'")));
        }

        return missing.Count == 0
            ? new(Type, true, "ValidMetricFound", "every rule has data in its window")
            : new(Type, true, "ValidMetricFound", "some rules have data; no data for " + string.Join(", ", missing.Select(m => $"'{m}'")));
    }

    private static ScaleSetCondition ScalingLimited(int capacity, int wanted, ScaleReason reason, ScaleBlockReason blocked, int minimum, int maximum)
    {
        const ScaleSetConditionType Type = ScaleSetConditionType.ScalingLimited;
        if (blocked == ScaleBlockReason.AtMaximum || reason == ScaleReason.ProfileMaximum)
        {
            return new(Type, true, "TooManyReplicas", string.Create(CultureInfo.InvariantCulture, $"the rules want {wanted}, the profile maximum is {maximum}"));
        }

        if (blocked == ScaleBlockReason.AtMinimum || reason == ScaleReason.ProfileMinimum)
        {
            return new(Type, true, "TooFewReplicas", string.Create(CultureInfo.InvariantCulture, $"the rules want {wanted}, the profile minimum is {minimum}"));
        }

        return new(Type, false, "DesiredWithinRange", string.Create(CultureInfo.InvariantCulture, $"the capacity {capacity} is within the profile's range {minimum}..{maximum}"));
    }

    private static bool WantsMore(IReadOnlyList<RuleStatus> rules) =>
        rules.Any(r => r.Outcome == RuleOutcome.Met && r.Direction == Model.ScaleDirection.Increase);

    private static string Describe(ScaleBlockReason blocked) => blocked switch
    {
        ScaleBlockReason.Flapping => "the flapping guard: a smaller capacity would make a scale-out rule fire at once",
        ScaleBlockReason.ScaleInNotUnanimous => "not every scale-in rule is met",
        ScaleBlockReason.PredictiveFloor => "the forecast needs the current capacity",
        ScaleBlockReason.PausedAtZero => "autoscaling paused at zero instances",
        _ => blocked.ToString(),
    };

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
