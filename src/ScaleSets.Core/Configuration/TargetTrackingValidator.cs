using ScaleSets.Model;
using static System.FormattableString;
using static ScaleSets.Configuration.SettingChecks;

namespace ScaleSets.Configuration;

/// <summary>
/// Checks target tracking the Kubernetes HPA way: target, tolerance, the scale-up and scale-down behaviours, and a profile's rules that would share one behaviour.
/// </summary>
internal static class TargetTrackingValidator
{
    public static void ValidateTargetTracking(TargetTrackingPolicy tracking, string path, List<SettingProblem> problems)
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

    /// <summary>
    /// In a profile combined the HPA way, one recommendation is stabilized and rate-limited with the first
    /// target-tracking rule's behavior (HPA has one behavior per autoscaler): another rule's different behavior is not used.
    /// </summary>
    public static void ValidateHpaBehaviors(AutoscaleProfile profile, string path, List<SettingProblem> problems)
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
}
