using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>
/// Combines a profile's rules into one capacity, exactly as Azure Monitor autoscale does: scale out if ANY scale-out
/// rule is met (taking the highest resulting capacity), scale in only if ALL scale-in rules are met (taking the one
/// that removes the fewest), clamp to the profile's range, honour the cooldown of the last action, and run the
/// flapping guard before every scale-in. Target-tracking and step rules take part as scale-out and scale-in rules.
/// </summary>
internal static class AutoscalePolicy
{
    /// <summary>Evaluates one profile for one scale set. Allocation-free: results go into the caller's buffers.</summary>
    /// <param name="now">The evaluation time.</param>
    /// <param name="compiled">The active profile.</param>
    /// <param name="enabled">Whether the setting may act.</param>
    /// <param name="current">The current capacity.</param>
    /// <param name="observed">Each rule's window aggregate, in rule order.</param>
    /// <param name="state">The scale set's policy state; updated when the result is an action.</param>
    /// <param name="results">Receives each rule's result, in rule order.</param>
    /// <param name="flapping">Receives the flapping guard's checks (cleared first).</param>
    /// <param name="predictive">The predictive policy's floor and scale-in target, if it acts.</param>
    /// <returns>The result.</returns>
    public static PolicyResult Evaluate(
        DateTimeOffset now,
        CompiledProfile compiled,
        bool enabled,
        int current,
        ReadOnlySpan<ObservedMetric> observed,
        PolicyState state,
        Span<RuleResult> results,
        List<FlappingCheck> flapping,
        in PredictiveInput predictive = default)
    {
        flapping.Clear();
        var profile = compiled.Profile;
        var capacity = profile.Capacity;
        var rules = compiled.Rules;

        var firstMissing = -1;
        var outProposal = current;
        var outRule = -1;
        var outCooldown = TimeSpan.Zero;
        var scaleInRules = 0;
        var scaleInAllMet = true;
        var inProposal = -1;
        var inRule = -1;
        var inCooldown = TimeSpan.Zero;

        for (var i = 0; i < rules.Length; i++)
        {
            ref readonly var rule = ref rules[i];
            var result = EvaluateRule(now, compiled, i, in rule, observed[i], current, state);
            results[i] = result;

            if (result.Outcome == RuleOutcome.MissingData && firstMissing < 0)
            {
                firstMissing = i;
            }

            if (result.Direction == ScaleDirection.Increase && result.Outcome == RuleOutcome.Met && result.Proposed > current)
            {
                if (result.Proposed > outProposal)
                {
                    outProposal = result.Proposed;
                    outRule = i;
                    outCooldown = rule.Cooldown;
                }
            }
            else if (rule.ScalesIn || result.Direction == ScaleDirection.Decrease)
            {
                scaleInRules++;
                if (result.Outcome == RuleOutcome.Met && result.Proposed < current)
                {
                    // Of all the scale-in rules, the one that removes the fewest instances acts.
                    if (result.Proposed > inProposal)
                    {
                        inProposal = result.Proposed;
                        inRule = i;
                        inCooldown = rule.Cooldown;
                    }
                }
                else
                {
                    scaleInAllMet = false;
                }
            }
        }

        // The active profile's range wins over every rule and over the cooldown.
        if (current < capacity.Minimum || current > capacity.Maximum)
        {
            var bounded = CapacityMath.Clamp(current, capacity.Minimum, capacity.Maximum);
            var reason = current < capacity.Minimum ? ScaleReason.ProfileMinimum : ScaleReason.ProfileMaximum;
            return Act(now, state, enabled, current, bounded, bounded, reason, -1, TimeSpan.Zero);
        }

        // Scale out: any rule. Missing data lifts the capacity to the profile's default.
        var outReason = ScaleReason.RuleScaleOut;
        if (firstMissing >= 0 && current < capacity.Default && capacity.Default > outProposal)
        {
            outProposal = capacity.Default;
            outRule = firstMissing;
            outReason = ScaleReason.MissingDataDefault;
            outCooldown = TimeSpan.Zero;
        }

        // The forecast is planned capacity, like a schedule: it is provisioned ahead of demand without waiting for a cooldown.
        var planned = false;
        if (predictive.Binding && predictive.Floor > outProposal && predictive.Floor > current)
        {
            outProposal = predictive.Floor;
            outRule = -1;
            outReason = ScaleReason.PredictiveFloor;
            outCooldown = TimeSpan.Zero;
            planned = true;
        }

        if (outProposal > current)
        {
            var target = Math.Min(outProposal, capacity.Maximum);
            if (target <= current)
            {
                return new PolicyResult(current, current, outProposal, outReason, ScaleBlockReason.AtMaximum, outRule, state.CooldownUntil);
            }

            if (!planned && state.CooldownUntil is { } until && now < until && enabled)
            {
                return new PolicyResult(current, current, target, outReason, ScaleBlockReason.Cooldown, outRule, until);
            }

            return Act(now, state, enabled, current, target, target, outReason, outRule, outCooldown);
        }

        // Scale in: only when every scale-in rule agrees. Predictive scale-in (when allowed) needs no rule to object.
        var reactiveIn = scaleInRules > 0 && scaleInAllMet && inRule >= 0;
        var predictiveIn = predictive.Binding && predictive.ScaleInTo >= 0 && predictive.ScaleInTo < current && (scaleInRules == 0 || reactiveIn);
        if (!reactiveIn && !predictiveIn)
        {
            var blocked = scaleInRules > 0 && inRule >= 0 ? ScaleBlockReason.ScaleInNotUnanimous : ScaleBlockReason.None;
            return new PolicyResult(current, current, current, ScaleReason.NoChange, blocked, -1, state.CooldownUntil);
        }

        var inReason = ScaleReason.RuleScaleIn;
        if (!reactiveIn)
        {
            inProposal = predictive.ScaleInTo;
            inRule = -1;
            inCooldown = TimeSpan.Zero;
            inReason = ScaleReason.PredictiveScaleIn;
        }
        else if (predictiveIn && predictive.ScaleInTo > inProposal)
        {
            // Both want fewer instances: the one that removes the fewest acts.
            inProposal = predictive.ScaleInTo;
        }

        var floor = Math.Max(inProposal, capacity.Minimum);
        if (predictive.Binding && predictive.Floor > floor)
        {
            if (predictive.Floor >= current)
            {
                return new PolicyResult(current, current, inProposal, inReason, ScaleBlockReason.PredictiveFloor, inRule, state.CooldownUntil);
            }

            floor = predictive.Floor;
        }

        if (floor >= current)
        {
            return new PolicyResult(current, current, inProposal, inReason, ScaleBlockReason.AtMinimum, inRule, state.CooldownUntil);
        }

        if (enabled && state.CooldownUntil is { } cooldownEnd && now < cooldownEnd)
        {
            return new PolicyResult(current, current, floor, inReason, ScaleBlockReason.Cooldown, inRule, cooldownEnd);
        }

        for (var candidate = floor; candidate < current; candidate++)
        {
            if (IsSafe(compiled, observed, results, current, candidate, flapping))
            {
                return Act(now, state, enabled, current, candidate, floor, inReason, inRule, inCooldown);
            }
        }

        return new PolicyResult(current, current, floor, inReason, ScaleBlockReason.Flapping, inRule, state.CooldownUntil);
    }

    private static PolicyResult Act(
        DateTimeOffset now,
        PolicyState state,
        bool enabled,
        int current,
        int to,
        int wanted,
        ScaleReason reason,
        int rule,
        TimeSpan cooldown)
    {
        if (!enabled)
        {
            return new PolicyResult(current, current, wanted, reason, ScaleBlockReason.SettingDisabled, rule, state.CooldownUntil);
        }

        var until = now + cooldown;
        if (state.CooldownUntil is not { } existing || existing < until)
        {
            state.CooldownUntil = until;
        }

        state.Events.Record(now, to - current);
        return new PolicyResult(current, to, wanted, reason, ScaleBlockReason.None, rule, state.CooldownUntil);
    }

    private static RuleResult EvaluateRule(
        DateTimeOffset now,
        CompiledProfile compiled,
        int index,
        in CompiledRule rule,
        ObservedMetric observed,
        int current,
        PolicyState state)
    {
        switch (rule.Kind)
        {
            case ScaleRuleKind.TargetTracking:
            {
                var policy = rule.TargetTracking!;
                if (!observed.HasData)
                {
                    return new RuleResult(RuleOutcome.MissingData, ScaleDirection.Increase, double.NaN, current, current);
                }

                var value = rule.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                var raw = TargetTrackingCalculator.RawDesired(current, value, observed.Value, policy, out var withinTolerance);
                if (policy.DisableScaleIn && raw < current)
                {
                    raw = current;
                }

                var history = compiled.TargetStates[index]!;
                var capacity = compiled.Profile.Capacity;
                var downWindow = compiled.Stabilizers[index] is { } adaptive
                    ? adaptive.Choose(now, raw, history, policy.ScaleUp.StabilizationWindow, capacity.Minimum, capacity.Maximum)
                    : policy.ScaleDown.StabilizationWindow;
                var stabilized = history.Stabilize(now, current, raw, policy.ScaleUp.StabilizationWindow, downWindow);
                history.Record(now, raw, Max(policy.ScaleUp.StabilizationWindow, policy.ScaleDown.StabilizationWindow));
                var limited = TargetTrackingCalculator.LimitRate(current, stabilized, capacity.Minimum, capacity.Maximum, state.Events, now, policy);
                var outcome = withinTolerance ? RuleOutcome.WithinTolerance : limited == current ? RuleOutcome.Held : RuleOutcome.Met;
                var direction = limited < current ? ScaleDirection.Decrease : ScaleDirection.Increase;
                return new RuleResult(outcome, direction, value, limited, raw) { DownWindow = downWindow };
            }

            case ScaleRuleKind.StepScaling:
            {
                if (!observed.HasData)
                {
                    return new RuleResult(RuleOutcome.MissingData, rule.Direction, double.NaN, current, current);
                }

                var value = rule.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                if (!Comparison.IsMet(value, rule.Operator, rule.Threshold))
                {
                    return new RuleResult(RuleOutcome.NotMet, rule.Direction, value, current, current);
                }

                var policy = rule.StepScaling!;
                var step = StepScalingCalculator.FindStep(policy, value - rule.Threshold);
                if (step < 0)
                {
                    return new RuleResult(RuleOutcome.NoStepMatched, rule.Direction, value, current, current);
                }

                var proposed = CapacityMath.ApplySigned(current, policy.AdjustmentType, policy.Steps[step].Adjustment);
                return new RuleResult(RuleOutcome.Met, rule.Direction, value, proposed, proposed);
            }

            default:
            {
                if (!observed.HasData)
                {
                    return new RuleResult(RuleOutcome.MissingData, rule.Direction, double.NaN, current, current);
                }

                var value = rule.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                if (!Comparison.IsMet(value, rule.Operator, rule.Threshold))
                {
                    return new RuleResult(RuleOutcome.NotMet, rule.Direction, value, current, current);
                }

                var proposed = CapacityMath.Apply(current, rule.Direction, rule.Type, rule.Value);

                // A "scale to N" rule (direction None) scales out or in by where its target lies.
                var direction = rule.Direction != ScaleDirection.None ? rule.Direction
                    : proposed > current ? ScaleDirection.Increase
                    : proposed < current ? ScaleDirection.Decrease
                    : ScaleDirection.None;
                return new RuleResult(RuleOutcome.Met, direction, value, proposed, proposed);
            }
        }
    }

    /// <summary>
    /// Azure's flapping guard: project every per-instance metric to <c>observed × current / candidate</c> and check
    /// whether any scale-out rule would then fire. Set-level totals do not change with the capacity and are not projected.
    /// </summary>
    private static bool IsSafe(
        CompiledProfile compiled,
        ReadOnlySpan<ObservedMetric> observed,
        Span<RuleResult> results,
        int current,
        int candidate,
        List<FlappingCheck> flapping)
    {
        var rules = compiled.Rules;
        for (var i = 0; i < rules.Length; i++)
        {
            ref readonly var rule = ref rules[i];
            var data = observed[i];
            if (!data.HasData
                || (rule.Kind != ScaleRuleKind.TargetTracking && results[i].Direction != ScaleDirection.Increase && rule.Direction != ScaleDirection.None))
            {
                continue;
            }

            var projected = Project(data, rule.DividePerInstance, results[i].Observed, current, candidate);
            var fires = rule.Kind switch
            {
                ScaleRuleKind.TargetTracking => TargetTrackingCalculator.RawDesired(candidate, projected, data.Value, rule.TargetTracking!, out _) > candidate,
                ScaleRuleKind.StepScaling => Comparison.IsMet(projected, rule.Operator, rule.Threshold)
                    && StepScalingCalculator.FindStep(rule.StepScaling!, projected - rule.Threshold) >= 0,
                _ => Comparison.IsMet(projected, rule.Operator, rule.Threshold)
                    && CapacityMath.Apply(candidate, rule.Direction == ScaleDirection.None ? ScaleDirection.None : ScaleDirection.Increase, rule.Type, rule.Value) > candidate,
            };

            if (fires)
            {
                flapping.Add(new FlappingCheck(candidate, false, i, projected));
                return false;
            }
        }

        flapping.Add(new FlappingCheck(candidate, true, -1, double.NaN));
        return true;
    }

    private static double Project(ObservedMetric data, bool dividePerInstance, double valueAtCurrent, int current, int candidate)
    {
        if (dividePerInstance)
        {
            return CapacityMath.PerInstance(data.Value, candidate);
        }

        if (!data.PerInstance)
        {
            return valueAtCurrent;
        }

        return CapacityMath.PerInstance(valueAtCurrent * current, candidate);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
