using ScaleSets.Model;
using ScaleSets.Schedules;
using static System.FormattableString;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks an autoscale setting against every limit (Azure autoscale's, and Kubernetes HPA's for target tracking) and
/// reports all violations at once, each with its path in the native format (<c>$.profiles[0].rules[1]…</c>).
/// </summary>
public static class AutoscaleSettingValidator
{
    /// <summary>
    /// Validates <paramref name="setting"/>. Errors: 1 to 20 profiles, at most 10 rules each, non-empty profile names;
    /// <c>0 ≤ minimum ≤ default ≤ maximum ≤ instanceLimit</c>; metric name set, time grain 1 minute to 12 hours, time
    /// window 5 minutes to 12 hours and at least the grain (target-tracking and step rules: grain 10 seconds to 12 hours,
    /// window one grain to 12 hours), finite threshold, dimension filters with a name and values;
    /// exactly one of scale action, target tracking or step scaling per rule; scale action values (change count ≥ 1,
    /// percent change 1 to 1000, exact count 0 to the instance limit) and cooldowns of 1 minute to 7 days; target
    /// tracking with a positive target, tolerance in [0, 1), stabilization windows of 0 to 1 hour, rate policies with a
    /// positive value and a period of 1 second to 30 minutes; step scaling with non-overlapping, non-empty steps on the
    /// side of zero its operator can breach; weekly recurrences with days, hours 0–23 and minutes 0–59 in a known time
    /// zone; fixed dates in a known time zone with start before end; at most one default profile, and a default or a
    /// recurrence profile; a predictive policy (whatever its mode) with a metric name, a finite positive target per
    /// instance, a quantile of 0.5 to 0.999, a lead time of 0 to 1 day, a time grain of 1 minute to 1 hour, a minimum
    /// history (when set) of at least two grains and at most the maximum history, a maximum history of 1 to 90 days, a
    /// scale-in margin of 0 to 10 and a refit interval of 1 minute to 7 days. Warnings: duplicate profile names, steps
    /// reaching across zero, a default profile next to recurrence profiles (never used), and scale-out/scale-in
    /// threshold rules on the same metric that can both be met. Undefined enum values are errors, and so is a name (of the
    /// setting, a profile, a rule, a metric, a dimension or its value) longer than 260 characters.
    /// </summary>
    /// <param name="setting">The setting.</param>
    /// <param name="instanceLimit">The largest capacity a profile may allow.</param>
    /// <returns>Every problem found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setting"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instanceLimit"/> is negative.</exception>
    public static SettingValidationResult Validate(AutoscaleSetting setting, int instanceLimit = ScaleCapacity.InstanceLimit)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentOutOfRangeException.ThrowIfNegative(instanceLimit);
        var problems = new List<SettingProblem>();
        if (setting.Predictive is { } predictive)
        {
            ValidatePredictive(predictive, "$.predictive", problems);
        }

        ValidateProfiles(setting.Profiles, instanceLimit, problems);
        if (setting.EvaluationInterval is { } interval)
        {
            CheckRange(interval, SettingLimits.MinEvaluationInterval, SettingLimits.MaxEvaluationInterval, "$.evaluationInterval", "evaluation interval", problems);
        }

        NotificationValidator.Validate(setting.Notifications, "$.notifications", problems);
        SettingNameLimits.Check(setting, problems);
        return new SettingValidationResult(problems);
    }

    // A disabled policy is checked too: it is one mode switch away from acting, and the engine may build its forecaster
    // whatever the mode.
    private static void ValidatePredictive(PredictiveScalingPolicy policy, string path, List<SettingProblem> problems)
    {
        CheckEnum(policy.Mode, path + ".mode", "predictive mode", problems);
        if (string.IsNullOrWhiteSpace(policy.MetricName))
        {
            Error(problems, path + ".metricName", "the metric name is empty; name the metric to forecast");
        }

        if (policy.Source is { } source)
        {
            CheckEnum(source, path + ".source", "metric source", problems);
        }

        CheckRange(policy.TimeGrain, SettingLimits.MinPredictiveTimeGrain, SettingLimits.MaxPredictiveTimeGrain, path + ".timeGrain", "time grain", problems);
        CheckEnum(policy.Statistic, path + ".statistic", "statistic", problems);
        if (!double.IsFinite(policy.TargetPerInstance) || policy.TargetPerInstance <= 0)
        {
            Error(problems, path + ".targetPerInstance", Invariant($"target per instance {policy.TargetPerInstance} must be a finite number greater than zero"));
        }

        if (!(policy.Quantile >= SettingLimits.MinQuantile && policy.Quantile <= SettingLimits.MaxQuantile))
        {
            Error(problems, path + ".quantile", Invariant($"quantile {policy.Quantile} must be between {SettingLimits.MinQuantile} and {SettingLimits.MaxQuantile}"));
        }

        CheckRange(policy.LeadTime, TimeSpan.Zero, SettingLimits.MaxLeadTime, path + ".leadTime", "lead time", problems);
        if (policy.MinimumHistory is { } minimum)
        {
            // Clamped so that an out-of-range grain (reported above) neither overflows nor hides this check.
            var grain = policy.TimeGrain < SettingLimits.MinPredictiveTimeGrain ? SettingLimits.MinPredictiveTimeGrain
                : policy.TimeGrain > SettingLimits.MaxPredictiveTimeGrain ? SettingLimits.MaxPredictiveTimeGrain
                : policy.TimeGrain;
            var needed = grain * SettingLimits.MinHistoryGrains;
            if (minimum < needed)
            {
                Error(problems, path + ".minimumHistory", Invariant($"minimum history {Duration(minimum)} is shorter than {SettingLimits.MinHistoryGrains} time grains ({Duration(needed)}); a forecast needs at least that much history"));
            }
            else if (minimum > policy.MaximumHistory)
            {
                Error(problems, path + ".minimumHistory", $"minimum history {Duration(minimum)} is longer than the maximum history of {Duration(policy.MaximumHistory)}, so the policy could never act");
            }
        }

        CheckRange(policy.MaximumHistory, SettingLimits.MinMaximumHistory, SettingLimits.MaxMaximumHistory, path + ".maximumHistory", "maximum history", problems);
        if (!(policy.ScaleInMargin >= 0 && policy.ScaleInMargin <= SettingLimits.MaxScaleInMargin))
        {
            Error(problems, path + ".scaleInMargin", Invariant($"scale-in margin {policy.ScaleInMargin} must be between 0 and {SettingLimits.MaxScaleInMargin}"));
        }

        CheckRange(policy.RefitInterval, SettingLimits.MinRefitInterval, SettingLimits.MaxRefitInterval, path + ".refitInterval", "refit interval", problems);
    }

    private static void ValidateProfiles(List<AutoscaleProfile>? profiles, int instanceLimit, List<SettingProblem> problems)
    {
        const string path = "$.profiles";
        if (profiles is null || profiles.Count == 0)
        {
            Error(problems, path, "the setting has no profiles; at least 1 is required");
            return;
        }

        if (profiles.Count > SettingLimits.MaxProfiles)
        {
            Error(problems, path, Invariant($"the setting has {profiles.Count} profiles; at most {SettingLimits.MaxProfiles} are allowed"));
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < profiles.Count; i++)
        {
            var at = Invariant($"{path}[{i}]");
            var profile = profiles[i];
            if (profile is null)
            {
                Error(problems, at, "the profile is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(profile.Name))
            {
                Error(problems, at + ".name", "the profile name is empty");
            }
            else if (names.TryGetValue(profile.Name, out var first))
            {
                Warning(problems, at + ".name", Invariant($"the profile name '{profile.Name}' is also used by {path}[{first}]; decisions would not tell them apart"));
            }
            else
            {
                names.Add(profile.Name, i);
            }

            ValidateProfile(profile, at, instanceLimit, problems);
        }

        ValidateProfileKinds(profiles, path, problems);
    }

    private static void ValidateProfileKinds(List<AutoscaleProfile> profiles, string path, List<SettingProblem> problems)
    {
        var defaults = new List<int>();
        var hasRecurrence = false;
        for (var i = 0; i < profiles.Count; i++)
        {
            if (profiles[i] is { } profile)
            {
                hasRecurrence |= profile.Recurrence is not null;
                if (profile.IsDefault)
                {
                    defaults.Add(i);
                }
            }
        }

        for (var k = 1; k < defaults.Count; k++)
        {
            Error(problems, Invariant($"{path}[{defaults[k]}]"), Invariant($"a second default profile (neither recurrence nor fixedDate); {path}[{defaults[0]}] is one already and at most one is allowed"));
        }

        if (defaults.Count > 0 && hasRecurrence)
        {
            Warning(problems, Invariant($"{path}[{defaults[0]}]"), "the default profile is never used: as in Azure, the most recent recurrence profile stays active until the next one starts, so some recurrence profile always applies");
        }

        if (defaults.Count == 0 && !hasRecurrence && profiles.Any(p => p is not null))
        {
            Error(problems, path, "there is neither a default profile nor a recurrence profile, so outside the fixed dates no profile would apply; add a profile without recurrence and fixedDate");
        }
    }

    private static void ValidateProfile(AutoscaleProfile profile, string path, int instanceLimit, List<SettingProblem> problems)
    {
        ValidateCapacity(profile.Capacity, path + ".capacity", instanceLimit, problems);
        CheckEnum(profile.Combination, path + ".combination", "rule combination", problems);
        if (profile.Recurrence is not null && profile.FixedDate is not null)
        {
            Error(problems, path, "a profile cannot have both recurrence and fixedDate; split it into two profiles");
        }

        if (profile.Rules is null)
        {
            Error(problems, path + ".rules", "the rule list is null");
        }
        else
        {
            if (profile.Rules.Count > SettingLimits.MaxRulesPerProfile)
            {
                Error(problems, path + ".rules", Invariant($"the profile has {profile.Rules.Count} rules; at most {SettingLimits.MaxRulesPerProfile} are allowed"));
            }

            for (var j = 0; j < profile.Rules.Count; j++)
            {
                ValidateRule(profile.Rules[j], Invariant($"{path}.rules[{j}]"), instanceLimit, problems);
            }

            ValidateThresholdOverlaps(profile.Rules, path + ".rules", problems);
            ValidateHpaBehaviors(profile, path + ".rules", problems);
        }

        if (profile.Recurrence is { } recurrence)
        {
            ValidateRecurrence(recurrence, path + ".recurrence", problems);
        }

        if (profile.FixedDate is { } window)
        {
            ValidateFixedDate(window, path + ".fixedDate", problems);
        }
    }

    /// <summary>
    /// In a profile combined the HPA way, one recommendation is stabilized and rate-limited with the first
    /// target-tracking rule's behavior (HPA has one behavior per autoscaler): another rule's different behavior is not used.
    /// </summary>
    private static void ValidateHpaBehaviors(AutoscaleProfile profile, string path, List<SettingProblem> problems)
    {
        var rules = profile.Rules;
        var hpa = profile.Combination == RuleCombination.Hpa
            || (profile.Combination == RuleCombination.Auto && rules.Count > 0 && rules.TrueForAll(static r => r?.Kind == ScaleRuleKind.TargetTracking));
        var first = hpa ? rules.FindIndex(static r => r?.Kind == ScaleRuleKind.TargetTracking) : -1;
        if (first < 0)
        {
            return;
        }

        var behavior = rules[first].TargetTracking!;
        for (var j = first + 1; j < rules.Count; j++)
        {
            if (rules[j]?.TargetTracking is { } other
                && (!SameBehavior(other.ScaleUp, behavior.ScaleUp) || !SameBehavior(other.ScaleDown, behavior.ScaleDown) || other.LegacyLimits != behavior.LegacyLimits))
            {
                Warning(problems, Invariant($"{path}[{j}].targetTracking"), Invariant(
                    $"the profile combines its rules the HPA way, which stabilizes and rate-limits with the behavior of rules[{first}]; this rule's scaleUp, scaleDown or legacyLimits differ and are not used (set the profile's combination to Azure to stabilize each rule on its own)"));
            }
        }
    }

    private static bool SameBehavior(ScalingBehavior? a, ScalingBehavior? b) =>
        a is null || b is null
            ? ReferenceEquals(a, b)
            : a.StabilizationWindow == b.StabilizationWindow
              && a.ProvisioningTime == b.ProvisioningTime
              && a.SelectPolicy == b.SelectPolicy
              && Nullable.Equals(a.Tolerance, b.Tolerance)
              && (a.Policies ?? []).Select(static p => (p?.Type == ScalingRatePolicyType.Pods ? ScalingRatePolicyType.Instances : p?.Type, p?.Value, p?.Period))
                  .SequenceEqual((b.Policies ?? []).Select(static p => (p?.Type == ScalingRatePolicyType.Pods ? ScalingRatePolicyType.Instances : p?.Type, p?.Value, p?.Period)));

    private static void ValidateCapacity(ScaleCapacity? capacity, string path, int instanceLimit, List<SettingProblem> problems)
    {
        if (capacity is null)
        {
            Error(problems, path, "the capacity is missing");
            return;
        }

        if (capacity.Minimum < 0)
        {
            Error(problems, path + ".minimum", Invariant($"minimum capacity {capacity.Minimum} is negative"));
        }

        if (capacity.Default < capacity.Minimum)
        {
            Error(problems, path + ".default", Invariant($"default capacity {capacity.Default} is less than the minimum of {capacity.Minimum}"));
        }

        if (capacity.Default > capacity.Maximum)
        {
            Error(problems, path + ".default", Invariant($"default capacity {capacity.Default} is more than the maximum of {capacity.Maximum}"));
        }

        if (capacity.Maximum < capacity.Minimum)
        {
            Error(problems, path + ".maximum", Invariant($"maximum capacity {capacity.Maximum} is less than the minimum of {capacity.Minimum}"));
        }

        if (capacity.Maximum > instanceLimit)
        {
            Error(problems, path + ".maximum", Invariant($"maximum capacity {capacity.Maximum} exceeds the instance limit of {instanceLimit}"));
        }
    }

    private static void ValidateRule(ScaleRule? rule, string path, int instanceLimit, List<SettingProblem> problems)
    {
        if (rule is null)
        {
            Error(problems, path, "the rule is null");
            return;
        }

        var set = new List<string>(3);
        if (rule.ScaleAction is not null)
        {
            set.Add("scaleAction");
        }

        if (rule.TargetTracking is not null)
        {
            set.Add("targetTracking");
        }

        if (rule.StepScaling is not null)
        {
            set.Add("stepScaling");
        }

        if (set.Count == 0)
        {
            Error(problems, path, "the rule has none of scaleAction, targetTracking and stepScaling; it needs exactly one");
        }
        else if (set.Count > 1)
        {
            Error(problems, path, $"the rule has {string.Join(" and ", set)}; it needs exactly one of scaleAction, targetTracking and stepScaling");
        }

        ValidateTrigger(rule.MetricTrigger, path + ".metricTrigger", rule.Kind != ScaleRuleKind.Threshold, problems);
        if (rule.ScaleAction is { } action)
        {
            ValidateScaleAction(action, path + ".scaleAction", instanceLimit, problems);
        }

        if (rule.TargetTracking is { } tracking)
        {
            ValidateTargetTracking(tracking, path + ".targetTracking", problems);
        }

        if (rule.StepScaling is { } steps)
        {
            ValidateStepScaling(steps, rule.MetricTrigger?.Operator, path + ".stepScaling", instanceLimit, problems);
        }
    }

    /// <summary>Checks a trigger; a target-tracking or step rule (<paramref name="ownCadence"/>) may use a grain down to 10 s and a window of one grain.</summary>
    private static void ValidateTrigger(MetricTrigger? trigger, string path, bool ownCadence, List<SettingProblem> problems)
    {
        if (trigger is null)
        {
            Error(problems, path, "the metric trigger is missing");
            return;
        }

        if (string.IsNullOrWhiteSpace(trigger.MetricName))
        {
            Error(problems, path + ".metricName", "the metric name is empty");
        }

        if (trigger.Source is { } source)
        {
            CheckEnum(source, path + ".source", "metric source", problems);
        }

        if (trigger.Dimensions is null)
        {
            Error(problems, path + ".dimensions", "the dimension list is null; use an empty list for no filter");
        }
        else
        {
            for (var k = 0; k < trigger.Dimensions.Count; k++)
            {
                ValidateDimension(trigger.Dimensions[k], Invariant($"{path}.dimensions[{k}]"), problems);
            }
        }

        var minGrain = ownCadence ? SettingLimits.MinTrackingTimeGrain : SettingLimits.MinTimeGrain;
        CheckRange(trigger.TimeGrain, minGrain, SettingLimits.MaxTimeGrain, path + ".timeGrain", "time grain", problems);
        var minWindow = ownCadence ? minGrain : SettingLimits.MinTimeWindow;
        CheckRange(trigger.TimeWindow, minWindow, SettingLimits.MaxTimeWindow, path + ".timeWindow", "time window", problems);
        CheckEnum(trigger.ValueKind, path + ".valueKind", "value kind", problems);
        if (trigger.TimeWindow < trigger.TimeGrain)
        {
            Error(problems, path + ".timeWindow", $"time window {Duration(trigger.TimeWindow)} is shorter than the time grain {Duration(trigger.TimeGrain)}; it must hold at least one grain");
        }

        CheckEnum(trigger.Statistic, path + ".statistic", "statistic", problems);
        CheckEnum(trigger.TimeAggregation, path + ".timeAggregation", "time aggregation", problems);
        CheckEnum(trigger.Operator, path + ".operator", "operator", problems);
        if (!double.IsFinite(trigger.Threshold))
        {
            Error(problems, path + ".threshold", Invariant($"threshold {trigger.Threshold} is not a finite number"));
        }
    }

    private static void ValidateDimension(MetricDimensionFilter? filter, string path, List<SettingProblem> problems)
    {
        if (filter is null)
        {
            Error(problems, path, "the dimension filter is null");
            return;
        }

        if (string.IsNullOrWhiteSpace(filter.Name))
        {
            Error(problems, path + ".name", "the dimension name is empty");
        }

        CheckEnum(filter.Operator, path + ".operator", "dimension operator", problems);
        if (filter.Values is null || filter.Values.Count == 0)
        {
            Error(problems, path + ".values", $"the dimension filter '{filter.Name}' has no values; list at least one (\"*\" matches any value)");
            return;
        }

        for (var k = 0; k < filter.Values.Count; k++)
        {
            if (string.IsNullOrEmpty(filter.Values[k]))
            {
                Error(problems, Invariant($"{path}.values[{k}]"), "the dimension value is empty");
            }
        }
    }

    private static void ValidateScaleAction(ScaleAction action, string path, int instanceLimit, List<SettingProblem> problems)
    {
        CheckEnum(action.Direction, path + ".direction", "scale direction", problems);
        CheckEnum(action.Type, path + ".type", "scale type", problems);
        var at = path + ".value";
        switch (action.Type)
        {
            case ScaleType.ChangeCount when action.Value < 1:
                Error(problems, at, Invariant($"scale action value {action.Value} must be at least 1 for ChangeCount"));
                break;
            case ScaleType.PercentChangeCount when action.Value is < 1 or > SettingLimits.MaxPercentChange:
                Error(problems, at, Invariant($"scale action value {action.Value} must be between 1 and {SettingLimits.MaxPercentChange} for PercentChangeCount"));
                break;
            case ScaleType.ExactCount when action.Value < 0 || action.Value > instanceLimit:
                Error(problems, at, Invariant($"scale action value {action.Value} must be between 0 and the instance limit of {instanceLimit} for ExactCount"));
                break;
        }

        // Azure stores both; say what the engine does with them rather than refuse or drop them silently.
        if (action.Direction == ScaleDirection.None && action.Type != ScaleType.ExactCount)
        {
            Warning(problems, path + ".direction", $"direction None with {action.Type} changes nothing (as in Azure): only ExactCount sets a capacity without a direction");
        }

        if (action.Type == ScaleType.ServiceAllowedNextValue && action.Value != 1)
        {
            Warning(problems, at, Invariant($"ignored: ServiceAllowedNextValue moves to the next capacity the resource allows, which for a scale set is one instance further; the value {action.Value} is not used"));
        }

        CheckRange(action.Cooldown, SettingLimits.MinCooldown, SettingLimits.MaxCooldown, path + ".cooldown", "cooldown", problems);
    }

    private static void ValidateTargetTracking(TargetTrackingPolicy tracking, string path, List<SettingProblem> problems)
    {
        if (!double.IsFinite(tracking.TargetValue) || tracking.TargetValue <= 0)
        {
            Error(problems, path + ".targetValue", Invariant($"target value {tracking.TargetValue} must be a finite number greater than zero"));
        }

        if (tracking.ScaleDownMissingValue is { } fill && !double.IsFinite(fill))
        {
            Error(problems, path + ".scaleDownMissingValue", Invariant($"scale-down missing value {fill} is not a finite number"));
        }

        if (!double.IsFinite(tracking.Tolerance) || tracking.Tolerance < 0 || tracking.Tolerance >= 1)
        {
            Error(problems, path + ".tolerance", Invariant($"tolerance {tracking.Tolerance} must be at least 0 and less than 1"));
        }

        ValidateBehavior(tracking.ScaleUp, path + ".scaleUp", problems);
        ValidateBehavior(tracking.ScaleDown, path + ".scaleDown", problems);
        if (tracking.Slo is { } slo)
        {
            if (!(slo.Attainment >= 0.5 && slo.Attainment < 1))
            {
                Error(problems, path + ".slo.attainment", Invariant($"attainment target {slo.Attainment} must be at least 0.5 and less than 1 (0.99 for 99% of evaluations)"));
            }

            if (slo.ProvisioningTime <= TimeSpan.Zero)
            {
                Error(problems, path + ".slo.provisioningTime", $"provisioning time {Duration(slo.ProvisioningTime)} must be greater than zero: the time a new instance takes from the decision to serving");
            }
            else
            {
                CheckRange(slo.ProvisioningTime, TimeSpan.Zero, SettingLimits.MaxProvisioningTime, path + ".slo.provisioningTime", "provisioning time", problems);
            }
        }
        if (tracking.ScaleUp?.ProvisioningTime is not null)
        {
            Error(problems, path + ".scaleUp.provisioningTime", "a provisioning time (adaptive stabilization) applies to scaleDown only");
        }

        if (tracking.ScaleDown?.ProvisioningTime is { } provisioning)
        {
            var at = path + ".scaleDown.provisioningTime";
            if (provisioning <= TimeSpan.Zero)
            {
                Error(problems, at, $"provisioning time {Duration(provisioning)} must be greater than zero");
            }
            else
            {
                CheckRange(provisioning, TimeSpan.Zero, SettingLimits.MaxProvisioningTime, at, "provisioning time", problems);
            }

            if (tracking.ScaleDown.StabilizationWindow <= TimeSpan.Zero)
            {
                Error(problems, path + ".scaleDown.stabilizationWindow", "an adaptive stabilization window (provisioningTime set) needs a stabilization window greater than zero: the longest window it considers");
            }
        }
    }

    private static void ValidateBehavior(ScalingBehavior? behavior, string path, List<SettingProblem> problems)
    {
        if (behavior is null)
        {
            Error(problems, path, "the scaling behavior is missing");
            return;
        }

        CheckRange(behavior.StabilizationWindow, TimeSpan.Zero, SettingLimits.MaxStabilizationWindow, path + ".stabilizationWindow", "stabilization window", problems);
        if (behavior.Tolerance is { } tolerance && !(tolerance >= 0 && tolerance < 1))
        {
            Error(problems, path + ".tolerance", Invariant($"tolerance {tolerance} must be at least 0 and less than 1"));
        }

        CheckEnum(behavior.SelectPolicy, path + ".selectPolicy", "select policy", problems);
        if (behavior.Policies is null)
        {
            Error(problems, path + ".policies", "the policy list is null; use an empty list for no rate limit");
            return;
        }

        for (var k = 0; k < behavior.Policies.Count; k++)
        {
            var at = Invariant($"{path}.policies[{k}]");
            if (behavior.Policies[k] is not { } policy)
            {
                Error(problems, at, "the rate policy is null");
                continue;
            }

            CheckEnum(policy.Type, at + ".type", "rate policy type", problems);
            if (policy.Value <= 0)
            {
                Error(problems, at + ".value", Invariant($"rate policy value {policy.Value} must be greater than zero"));
            }

            CheckRange(policy.Period, SettingLimits.MinPolicyPeriod, SettingLimits.MaxPolicyPeriod, at + ".period", "rate policy period", problems);
        }
    }

    private static void ValidateStepScaling(StepScalingPolicy policy, ComparisonOperator? comparison, string path, int instanceLimit, List<SettingProblem> problems)
    {
        CheckEnum(policy.AdjustmentType, path + ".adjustmentType", "adjustment type", problems);
        CheckRange(policy.Cooldown, SettingLimits.MinCooldown, SettingLimits.MaxCooldown, path + ".cooldown", "cooldown", problems);
        if (policy.Steps is null || policy.Steps.Count == 0)
        {
            Error(problems, path + ".steps", "step scaling has no steps; at least one is required");
            return;
        }

        var above = comparison is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual;
        var below = comparison is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual;
        if (comparison is { } op && !above && !below && Enum.IsDefined(op))
        {
            Error(problems, path, $"step scaling needs an ordering operator (GreaterThan, GreaterThanOrEqual, LessThan or LessThanOrEqual) in its metric trigger, not {op}");
        }

        for (var k = 0; k < policy.Steps.Count; k++)
        {
            var at = Invariant($"{path}.steps[{k}]");
            if (policy.Steps[k] is not { } step)
            {
                Error(problems, at, "the step is null");
                continue;
            }

            ValidateStep(step, at, above, below, policy.AdjustmentType, comparison, instanceLimit, problems);
            for (var m = 0; m < k; m++)
            {
                if (policy.Steps[m] is { } other && IsWellFormed(other) && IsWellFormed(step)
                    && Math.Max(Lower(step), Lower(other)) < Math.Min(Upper(step), Upper(other)))
                {
                    Error(problems, at, $"step range {Range(step)} overlaps step {Invariant($"{path}.steps[{m}]")} {Range(other)}; steps must not overlap");
                }
            }
        }
    }

    private static void ValidateStep(
        StepAdjustment step,
        string path,
        bool above,
        bool below,
        ScaleType adjustmentType,
        ComparisonOperator? comparison,
        int instanceLimit,
        List<SettingProblem> problems)
    {
        if (step.LowerBound is { } lower && double.IsNaN(lower))
        {
            Error(problems, path + ".lowerBound", "the lower bound is not a number; use null for no lower bound");
        }

        if (step.UpperBound is { } upper && double.IsNaN(upper))
        {
            Error(problems, path + ".upperBound", "the upper bound is not a number; use null for no upper bound");
        }

        if (IsWellFormed(step) && Lower(step) >= Upper(step))
        {
            Error(problems, path, $"step range {Range(step)} is empty: the lower bound must be less than the upper bound");
        }

        switch (adjustmentType)
        {
            case ScaleType.ChangeCount when step.Adjustment == 0:
            case ScaleType.PercentChangeCount when step.Adjustment == 0:
                Error(problems, path + ".adjustment", "the adjustment is zero; a step must change the capacity");
                break;
            case ScaleType.PercentChangeCount when Math.Abs((long)step.Adjustment) > SettingLimits.MaxPercentChange:
                Error(problems, path + ".adjustment", Invariant($"the adjustment {step.Adjustment}% is beyond ±{SettingLimits.MaxPercentChange}%"));
                break;
            case ScaleType.ExactCount when step.Adjustment < 0 || step.Adjustment > instanceLimit:
                Error(problems, path + ".adjustment", Invariant($"the exact capacity {step.Adjustment} must be between 0 and the instance limit of {instanceLimit}"));
                break;
        }

        if (!IsWellFormed(step))
        {
            return;
        }

        // The breach (observed − threshold) is ≥ 0 whenever a GreaterThan trigger fires and ≤ 0 for LessThan.
        if (above && Upper(step) <= 0)
        {
            Error(problems, path, $"step range {Range(step)} lies below zero, but a {comparison} trigger only fires with a breach of zero or more; the step can never apply");
        }
        else if (above && Lower(step) < 0)
        {
            Warning(problems, path + ".lowerBound", $"step range {Range(step)} reaches below zero, but a {comparison} trigger only fires with a breach of zero or more; use a lower bound of 0");
        }
        else if (below && Lower(step) >= 0 && !(Lower(step) == 0 && comparison == ComparisonOperator.LessThanOrEqual))
        {
            Error(problems, path, $"step range {Range(step)} lies above zero, but a {comparison} trigger only fires with a breach below zero; the step can never apply");
        }
        else if (below && Upper(step) > 0)
        {
            Warning(problems, path + ".upperBound", $"step range {Range(step)} reaches above zero, but a {comparison} trigger only fires with a breach of zero or less; use an upper bound of 0");
        }
    }

    private static bool IsWellFormed(StepAdjustment step) => !double.IsNaN(Lower(step)) && !double.IsNaN(Upper(step));

    private static double Lower(StepAdjustment step) => step.LowerBound ?? double.NegativeInfinity;

    private static double Upper(StepAdjustment step) => step.UpperBound ?? double.PositiveInfinity;

    private static string Range(StepAdjustment step) =>
        Invariant($"[{(step.LowerBound is { } lower ? lower.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-∞")}, {(step.UpperBound is { } upper ? upper.ToString(System.Globalization.CultureInfo.InvariantCulture) : "+∞")})");

    private static void ValidateRecurrence(Recurrence recurrence, string path, List<SettingProblem> problems)
    {
        if (recurrence.Frequency != RecurrenceFrequency.Week)
        {
            Error(problems, path + ".frequency", $"unknown recurrence frequency '{recurrence.Frequency}'; allowed values: Week");
        }

        var schedule = recurrence.Schedule;
        path += ".schedule";
        if (schedule is null)
        {
            Error(problems, path, "the recurrence has no schedule");
            return;
        }

        CheckTimeZone(schedule.TimeZone, path + ".timeZone", problems);
        if (schedule.Days is null || schedule.Days.Count == 0)
        {
            Error(problems, path + ".days", "a recurrence with no days never starts; list at least one day");
        }
        else
        {
            for (var k = 0; k < schedule.Days.Count; k++)
            {
                CheckEnum(schedule.Days[k], Invariant($"{path}.days[{k}]"), "day", problems);
            }
        }

        CheckClock(schedule.Hours, 23, path + ".hours", "hour", problems);
        CheckClock(schedule.Minutes, 59, path + ".minutes", "minute", problems);
    }

    private static void CheckClock(List<int>? values, int max, string path, string what, List<SettingProblem> problems)
    {
        if (values is null || values.Count == 0)
        {
            Error(problems, path, $"a recurrence with no {what}s never starts; list at least one {what}");
            return;
        }

        for (var k = 0; k < values.Count; k++)
        {
            if (values[k] < 0 || values[k] > max)
            {
                Error(problems, Invariant($"{path}[{k}]"), Invariant($"{what} {values[k]} is not between 0 and {max}"));
            }
        }
    }

    private static void ValidateFixedDate(FixedDateWindow window, string path, List<SettingProblem> problems)
    {
        CheckTimeZone(window.TimeZone, path + ".timeZone", problems);
        if (window.Start >= window.End)
        {
            Error(problems, path + ".end", $"the fixed date ends at {LocalDateTimeText.Format(window.End)}, not after its start at {LocalDateTimeText.Format(window.Start)}");
        }
    }

    private static void CheckTimeZone(string? id, string path, List<SettingProblem> problems)
    {
        if (!TimeZoneResolver.TryFind(id, out _))
        {
            Error(problems, path, $"unknown time zone '{id}'; use a Windows id such as 'W. Europe Standard Time' or an IANA id such as 'Europe/Berlin'");
        }
    }

    private static void ValidateThresholdOverlaps(List<ScaleRule> rules, string path, List<SettingProblem> problems)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (!IsScaleIn(rules[i]))
            {
                continue;
            }

            var scaleIn = rules[i].MetricTrigger;
            for (var j = 0; j < rules.Count; j++)
            {
                if (!IsScaleOut(rules[j]) || !SameMetric(scaleIn, rules[j].MetricTrigger))
                {
                    continue;
                }

                var scaleOut = rules[j].MetricTrigger;
                if (scaleIn.Threshold >= scaleOut.Threshold)
                {
                    Warning(problems, Invariant($"{path}[{i}].metricTrigger.threshold"), Invariant(
                        $"scale-in rule {path}[{i}] ({scaleIn.Operator} {scaleIn.Threshold}) and scale-out rule {path}[{j}] ({scaleOut.Operator} {scaleOut.Threshold}) on '{scaleIn.MetricName}' can both be met at once, so the set would flap; keep the scale-in threshold below {scaleOut.Threshold}"));
                }
            }
        }
    }

    private static bool IsScaleOut(ScaleRule? rule) =>
        rule is { ScaleAction.Direction: ScaleDirection.Increase, TargetTracking: null, StepScaling: null, MetricTrigger: { } trigger }
        && trigger.Operator is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
        && double.IsFinite(trigger.Threshold);

    private static bool IsScaleIn(ScaleRule? rule) =>
        rule is { ScaleAction.Direction: ScaleDirection.Decrease, TargetTracking: null, StepScaling: null, MetricTrigger: { } trigger }
        && trigger.Operator is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual
        && double.IsFinite(trigger.Threshold);

    private static bool SameMetric(MetricTrigger a, MetricTrigger b) =>
        string.Equals(a.MetricName, b.MetricName, StringComparison.OrdinalIgnoreCase)
        && a.Source == b.Source
        && SameResource(a.MetricResourceUri, b.MetricResourceUri)
        && SameResource(a.MetricNamespace, b.MetricNamespace)
        && a.Statistic == b.Statistic
        && a.TimeAggregation == b.TimeAggregation
        && a.TimeWindow == b.TimeWindow
        && a.TimeGrain == b.TimeGrain
        && a.DividePerInstance == b.DividePerInstance
        && SameDimensions(a.Dimensions, b.Dimensions);

    private static bool SameResource(string? a, string? b) =>
        Metrics.ResourceIdentity.IsNone(a) ? Metrics.ResourceIdentity.IsNone(b) : !Metrics.ResourceIdentity.IsNone(b) && Metrics.ResourceIdentity.Same(a!, b!);

    private static bool SameDimensions(List<MetricDimensionFilter>? a, List<MetricDimensionFilter>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.All(x => x is not null && b.Any(y => y is not null && SameFilter(x, y)));
    }

    private static bool SameFilter(MetricDimensionFilter x, MetricDimensionFilter y) =>
        string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase)
        && x.Operator == y.Operator
        && new HashSet<string>(x.Values ?? [], StringComparer.OrdinalIgnoreCase).SetEquals(y.Values ?? []);

    private static void CheckRange(TimeSpan value, TimeSpan min, TimeSpan max, string path, string what, List<SettingProblem> problems)
    {
        if (value < min)
        {
            Error(problems, path, $"{what} {Duration(value)} is shorter than the minimum of {Duration(min)}");
        }
        else if (value > max)
        {
            Error(problems, path, $"{what} {Duration(value)} is longer than the maximum of {Duration(max)}");
        }
    }

    private static void CheckEnum<T>(T value, string path, string what, List<SettingProblem> problems)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Error(problems, path, $"unknown {what} '{value}'; allowed values: {string.Join(", ", Enum.GetNames<T>())}");
        }
    }

    private static string Duration(TimeSpan value) => DurationText.Format(value);

    private static void Error(List<SettingProblem> problems, string path, string message) =>
        problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Error));

    private static void Warning(List<SettingProblem> problems, string path, string message) =>
        problems.Add(new SettingProblem(path, message, SettingProblemSeverity.Warning));
}
