using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Policy;

/// <summary>
/// Combines a profile's rules into one capacity, in one of two ways (<see cref="RuleCombination"/>). Azure Monitor
/// autoscale's: scale out if ANY scale-out rule is met (taking the highest resulting capacity), scale in only if ALL
/// scale-in rules are met (taking the one that removes the fewest), clamp to the profile's range, honour the cooldown of
/// the last action, and run the flapping guard before every scale-in; target-tracking and step rules take part as
/// scale-out and scale-in rules. Kubernetes HPA's: the largest proposal of all rules, stabilized and rate-limited once.
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
    /// <param name="pauseAtZero">Whether a set at zero with a minimum above zero is left alone (HPA: autoscaling paused).</param>
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
        in PredictiveInput predictive = default,
        bool pauseAtZero = false)
    {
        flapping.Clear();
        var profile = compiled.Profile;
        var capacity = profile.Capacity;
        var rules = compiled.Rules;
        if (compiled.UsesHpa)
        {
            return EvaluateHpa(now, compiled, enabled, current, observed, state, results, predictive, pauseAtZero);
        }

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
            var result = EvaluateRule(now, compiled, i, in rule, observed[i], current, state, stabilize: true);
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
        if (OutOfRange(now, state, enabled, current, capacity, pauseAtZero) is { } bounds)
        {
            return bounds;
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

    /// <summary>
    /// HPA's <c>reconcileAutoscaler</c> for one profile: paused at zero, the range first, then the largest proposal of all
    /// rules (<c>computeReplicasForMetrics</c>), stabilized once over the profile's recommendation history, which starts
    /// with the current size (<c>recordInitialRecommendation</c>), and rate-limited (<c>normalizeDesiredReplicasWithBehaviors</c>).
    /// </summary>
    private static PolicyResult EvaluateHpa(
        DateTimeOffset now,
        CompiledProfile compiled,
        bool enabled,
        int current,
        ReadOnlySpan<ObservedMetric> observed,
        PolicyState state,
        Span<RuleResult> results,
        in PredictiveInput predictive,
        bool pauseAtZero)
    {
        var capacity = compiled.Profile.Capacity;
        var rules = compiled.Rules;
        var history = compiled.HpaState;
        history.RecordInitial(now, current);

        var desired = -1;
        var desiredRule = -1;
        var missing = false;
        for (var i = 0; i < rules.Length; i++)
        {
            ref readonly var rule = ref rules[i];
            var result = EvaluateRule(now, compiled, i, in rule, observed[i], current, state, stabilize: false);
            results[i] = result;
            if (result.Outcome == RuleOutcome.MissingData)
            {
                missing = true;
                continue;
            }

            var proposal = rule.Kind == ScaleRuleKind.TargetTracking || result.Outcome == RuleOutcome.Met ? result.Proposed : current;
            if (proposal > desired)
            {
                desired = proposal;
                desiredRule = i;
            }
        }

        if (OutOfRange(now, state, enabled, current, capacity, pauseAtZero) is { } bounds)
        {
            return bounds;
        }

        // No rule has data, or one lacks data and the others would scale in: HPA holds the size.
        if (desired < 0 || (missing && desired < current))
        {
            var held = desired < 0 ? ScaleBlockReason.None : ScaleBlockReason.ScaleInNotUnanimous;
            return new PolicyResult(current, current, Math.Max(desired, current), ScaleReason.NoChange, held, -1, state.CooldownUntil);
        }

        var policy = compiled.HpaPolicy;
        var upWindow = TargetTrackingCalculator.UpWindow(policy);
        var downWindow = compiled.HpaRule >= 0 && compiled.Stabilizers[compiled.HpaRule] is { } adaptive
            ? adaptive.Choose(now, desired, history, upWindow, capacity.Minimum, capacity.Maximum)
            : policy.ScaleDown.StabilizationWindow;
        var stabilized = history.Stabilize(now, current, desired, upWindow, downWindow);
        history.Record(now, desired, Max(upWindow, policy.ScaleDown.StabilizationWindow));
        if (desiredRule >= 0 && rules[desiredRule].Kind == ScaleRuleKind.TargetTracking)
        {
            results[desiredRule].DownWindow = downWindow;
        }

        var limited = TargetTrackingCalculator.LimitRate(current, stabilized, capacity.Minimum, capacity.Maximum, state.Events, now, policy);
        var reason = limited > current ? ScaleReason.RuleScaleOut : limited < current ? ScaleReason.RuleScaleIn : ScaleReason.NoChange;
        if (predictive.Binding && predictive.Floor > limited && predictive.Floor > current)
        {
            limited = Math.Min(predictive.Floor, capacity.Maximum);
            reason = ScaleReason.PredictiveFloor;
            desiredRule = -1;
        }
        else if (predictive.Binding && limited < current && predictive.Floor > limited)
        {
            return new PolicyResult(current, current, limited, ScaleReason.RuleScaleIn, ScaleBlockReason.PredictiveFloor, desiredRule, state.CooldownUntil);
        }

        if (limited == current)
        {
            var blocked = desired > current && current >= capacity.Maximum ? ScaleBlockReason.AtMaximum
                : desired < current && current <= capacity.Minimum ? ScaleBlockReason.AtMinimum
                : ScaleBlockReason.None;
            return new PolicyResult(current, current, blocked == ScaleBlockReason.None ? current : desired, ScaleReason.NoChange, blocked, -1, state.CooldownUntil);
        }

        return Act(now, state, enabled, current, limited, limited, reason, desiredRule, TimeSpan.Zero);
    }

    /// <summary>
    /// The profile's range before any rule: a set at zero with a minimum above zero is paused when asked (HPA's
    /// <c>ScalingDisabled</c>), otherwise a capacity outside the range is brought into it.
    /// </summary>
    private static PolicyResult? OutOfRange(DateTimeOffset now, PolicyState state, bool enabled, int current, ScaleCapacity capacity, bool pauseAtZero)
    {
        if (current == 0 && capacity.Minimum > 0 && pauseAtZero)
        {
            return new PolicyResult(current, current, current, ScaleReason.NoChange, ScaleBlockReason.PausedAtZero, -1, state.CooldownUntil);
        }

        if (current >= capacity.Minimum && current <= capacity.Maximum)
        {
            return null;
        }

        var bounded = CapacityMath.Clamp(current, capacity.Minimum, capacity.Maximum);
        var reason = current < capacity.Minimum ? ScaleReason.ProfileMinimum : ScaleReason.ProfileMaximum;
        return Act(now, state, enabled, current, bounded, bounded, reason, -1, TimeSpan.Zero);
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
        PolicyState state,
        bool stabilize)
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
                var basis = BasisOf(in rule, observed);
                var counts = basis == ReplicaBasis.Reporting && observed.Counts.IsKnown && current > 0 ? observed.Counts.For(current) : InstanceCounts.Unknown;
                int raw;
                bool withinTolerance;
                SloHeadroom? headroom = null;
                if (compiled.Headrooms[index] is { } estimator)
                {
                    // The SLO sizes the capacity from the load itself: the set's total, whatever the supply.
                    raw = estimator.Desired(now, rule.DividePerInstance ? observed.Value : observed.Value * current, current, policy.TargetValue);
                    withinTolerance = false;
                    headroom = estimator.Last;
                }
                else
                {
                    raw = TargetTrackingCalculator.RawDesired(current, value, observed.Value, policy, basis, observed.Counts, out withinTolerance);
                }

                if (policy.DisableScaleIn && raw < current)
                {
                    raw = current;
                }

                if (!stabilize)
                {
                    // The HPA combination stabilizes the largest proposal once, not each rule.
                    var proposedOutcome = withinTolerance ? RuleOutcome.WithinTolerance : raw == current ? RuleOutcome.Held : RuleOutcome.Met;
                    return new RuleResult(proposedOutcome, raw < current ? ScaleDirection.Decrease : ScaleDirection.Increase, value, raw, raw) { Counts = counts, Headroom = headroom };
                }

                var history = compiled.TargetStates[index]!;
                history.RecordInitial(now, current);
                var capacity = compiled.Profile.Capacity;
                var upWindow = TargetTrackingCalculator.UpWindow(policy);
                var downWindow = compiled.Stabilizers[index] is { } adaptive
                    ? adaptive.Choose(now, raw, history, upWindow, capacity.Minimum, capacity.Maximum)
                    : policy.ScaleDown.StabilizationWindow;
                var stabilized = history.Stabilize(now, current, raw, upWindow, downWindow);
                history.Record(now, raw, Max(upWindow, policy.ScaleDown.StabilizationWindow));
                var limited = TargetTrackingCalculator.LimitRate(current, stabilized, capacity.Minimum, capacity.Maximum, state.Events, now, policy);
                var outcome = withinTolerance ? RuleOutcome.WithinTolerance : limited == current ? RuleOutcome.Held : RuleOutcome.Met;
                var direction = limited < current ? ScaleDirection.Decrease : ScaleDirection.Increase;
                return new RuleResult(outcome, direction, value, limited, raw) { DownWindow = downWindow, Counts = counts, Headroom = headroom };
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
    /// Azure's flapping guard: project every rule's value to the candidate capacity by what it means (an average,
    /// minimum or maximum over the instances to <c>observed × current / candidate</c>, a total divided per instance to
    /// <c>total / candidate</c>, a set-level total unchanged) and check whether any scale-out rule would then fire.
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

            var projected = Project(data, rule.Projection, results[i].Observed, current, candidate);
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

    private static double Project(ObservedMetric data, Projection projection, double valueAtCurrent, int current, int candidate) => projection switch
    {
        Projection.DividedTotal => CapacityMath.PerInstance(data.Value, candidate),
        Projection.Total => valueAtCurrent,
        _ => CapacityMath.PerInstance(valueAtCurrent * current, candidate),
    };

    /// <summary>
    /// What HPA's replica formula multiplies the ratio by: the instances that reported an average of per-instance
    /// samples, the ready instances for a set-level value, the current capacity for a total divided per instance.
    /// </summary>
    private static ReplicaBasis BasisOf(in CompiledRule rule, ObservedMetric observed) =>
        rule.DividePerInstance ? ReplicaBasis.Current
        : observed.PerInstance ? (rule.Statistic == MetricStatistic.Average ? ReplicaBasis.Reporting : ReplicaBasis.Current)
        : ReplicaBasis.Ready;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
