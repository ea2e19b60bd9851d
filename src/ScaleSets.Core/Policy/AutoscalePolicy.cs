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
    /// <param name="evaluations">Receives each rule's evaluation, in rule order.</param>
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
        Span<RuleEvaluation> evaluations,
        List<FlappingCheck> flapping,
        in PredictiveInput predictive = default)
    {
        flapping.Clear();
        var profile = compiled.Profile;
        var capacity = profile.Capacity;
        var rules = profile.Rules;

        var firstMissing = -1;
        var outProposal = current;
        var outRule = -1;
        var outCooldown = TimeSpan.Zero;
        var scaleInRules = 0;
        var scaleInAllMet = true;
        var inProposal = -1;
        var inRule = -1;
        var inCooldown = TimeSpan.Zero;

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var evaluation = EvaluateRule(now, compiled, i, rule, observed[i], current, state, out var cooldown);
            evaluations[i] = evaluation;

            if (evaluation.Outcome == RuleOutcome.MissingData && firstMissing < 0)
            {
                firstMissing = i;
            }

            var scalesIn = evaluation.Direction == ScaleDirection.Decrease
                || (rule.Kind == ScaleRuleKind.TargetTracking && !rule.TargetTracking!.DisableScaleIn);
            if (evaluation.Direction == ScaleDirection.Increase && evaluation.Outcome == RuleOutcome.Met && evaluation.ProposedCapacity > current)
            {
                if (evaluation.ProposedCapacity > outProposal)
                {
                    outProposal = evaluation.ProposedCapacity;
                    outRule = i;
                    outCooldown = cooldown;
                }
            }
            else if (scalesIn)
            {
                scaleInRules++;
                if (evaluation.Outcome == RuleOutcome.Met && evaluation.ProposedCapacity < current)
                {
                    // Of all the scale-in rules, the one that removes the fewest instances acts.
                    if (evaluation.ProposedCapacity > inProposal)
                    {
                        inProposal = evaluation.ProposedCapacity;
                        inRule = i;
                        inCooldown = cooldown;
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
            if (IsSafe(compiled, observed, evaluations, current, candidate, flapping))
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

    private static RuleEvaluation EvaluateRule(
        DateTimeOffset now,
        CompiledProfile compiled,
        int index,
        ScaleRule rule,
        ObservedMetric observed,
        int current,
        PolicyState state,
        out TimeSpan cooldown)
    {
        var trigger = rule.MetricTrigger;
        var name = compiled.RuleNames[index];
        cooldown = TimeSpan.Zero;

        switch (rule.Kind)
        {
            case ScaleRuleKind.TargetTracking:
            {
                var policy = rule.TargetTracking!;
                if (!observed.HasData)
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, ScaleDirection.Increase, double.NaN, trigger.Operator, policy.TargetValue, RuleOutcome.MissingData, current, current);
                }

                var value = trigger.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                var raw = TargetTrackingCalculator.RawDesired(current, value, observed.Value, policy, out var withinTolerance);
                if (policy.DisableScaleIn && raw < current)
                {
                    raw = current;
                }

                var history = compiled.TargetStates[index]!;
                var stabilized = history.Stabilize(now, current, raw, policy.ScaleUp.StabilizationWindow, policy.ScaleDown.StabilizationWindow);
                history.Record(now, raw, Max(policy.ScaleUp.StabilizationWindow, policy.ScaleDown.StabilizationWindow));
                var capacity = compiled.Profile.Capacity;
                var limited = TargetTrackingCalculator.LimitRate(current, stabilized, capacity.Minimum, capacity.Maximum, state.Events, now, policy);
                var outcome = withinTolerance ? RuleOutcome.WithinTolerance : limited == current ? RuleOutcome.Held : RuleOutcome.Met;
                var direction = limited < current ? ScaleDirection.Decrease : ScaleDirection.Increase;
                return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, direction, value, trigger.Operator, policy.TargetValue, outcome, limited, raw);
            }

            case ScaleRuleKind.StepScaling:
            {
                var policy = rule.StepScaling!;
                var direction = StepScalingCalculator.Direction(policy, trigger);
                cooldown = policy.Cooldown;
                if (!observed.HasData)
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, direction, double.NaN, trigger.Operator, trigger.Threshold, RuleOutcome.MissingData, current, current);
                }

                var value = trigger.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                if (!Comparison.IsMet(value, trigger.Operator, trigger.Threshold))
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, direction, value, trigger.Operator, trigger.Threshold, RuleOutcome.NotMet, current, current);
                }

                var step = StepScalingCalculator.FindStep(policy, value - trigger.Threshold);
                if (step < 0)
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, direction, value, trigger.Operator, trigger.Threshold, RuleOutcome.NoStepMatched, current, current);
                }

                var proposed = CapacityMath.ApplySigned(current, policy.AdjustmentType, policy.Steps[step].Adjustment);
                return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, direction, value, trigger.Operator, trigger.Threshold, RuleOutcome.Met, proposed, proposed);
            }

            default:
            {
                var action = rule.ScaleAction!;
                cooldown = action.Cooldown;
                if (!observed.HasData)
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, action.Direction, double.NaN, trigger.Operator, trigger.Threshold, RuleOutcome.MissingData, current, current);
                }

                var value = trigger.DividePerInstance ? CapacityMath.PerInstance(observed.Value, current) : observed.Value;
                if (!Comparison.IsMet(value, trigger.Operator, trigger.Threshold))
                {
                    return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, action.Direction, value, trigger.Operator, trigger.Threshold, RuleOutcome.NotMet, current, current);
                }

                var proposed = CapacityMath.Apply(current, action.Direction, action.Type, action.Value);
                return new RuleEvaluation(index, name, rule.Kind, trigger.MetricName, action.Direction, value, trigger.Operator, trigger.Threshold, RuleOutcome.Met, proposed, proposed);
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
        Span<RuleEvaluation> evaluations,
        int current,
        int candidate,
        List<FlappingCheck> flapping)
    {
        var rules = compiled.Profile.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var data = observed[i];
            if (!data.HasData || !CanScaleOut(rule, evaluations[i]))
            {
                continue;
            }

            var trigger = rule.MetricTrigger;
            var projected = Project(data, trigger, evaluations[i].Observed, current, candidate);
            var fires = rule.Kind switch
            {
                ScaleRuleKind.TargetTracking => TargetTrackingCalculator.RawDesired(candidate, projected, data.Value, rule.TargetTracking!, out _) > candidate,
                ScaleRuleKind.StepScaling => Comparison.IsMet(projected, trigger.Operator, trigger.Threshold)
                    && StepScalingCalculator.FindStep(rule.StepScaling!, projected - trigger.Threshold) >= 0,
                _ => Comparison.IsMet(projected, trigger.Operator, trigger.Threshold)
                    && CapacityMath.Apply(candidate, ScaleDirection.Increase, rule.ScaleAction!.Type, rule.ScaleAction.Value) > candidate,
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

    private static bool CanScaleOut(ScaleRule rule, in RuleEvaluation evaluation) => rule.Kind switch
    {
        ScaleRuleKind.TargetTracking => true,
        _ => evaluation.Direction == ScaleDirection.Increase,
    };

    private static double Project(ObservedMetric data, MetricTrigger trigger, double valueAtCurrent, int current, int candidate)
    {
        if (trigger.DividePerInstance)
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
