using ScaleSets.Model;

namespace ScaleSets.Rules;

/// <summary>
/// The Kubernetes HPA algorithm (<c>pkg/controller/podautoscaler</c>): the replica formula with its tolerance and its
/// treatment of missing and not-ready instances (<c>replica_calculator.go</c>), then stabilization, then rate policies
/// (<c>horizontal.go</c>).
/// </summary>
internal static class TargetTrackingCalculator
{
    /// <summary>HPA's scale-up limit without a behavior: at most <c>max(2 × current, 4)</c> (<c>calculateScaleUpLimit</c>).</summary>
    private const int LegacyScaleUpFactor = 2;

    private const int LegacyScaleUpMinimum = 4;

    /// <summary>
    /// <c>desired = ceil(current × observed / target)</c>, or the current capacity while the usage ratio
    /// <c>observed / target</c> is within the tolerance of 1. From zero instances there is no ratio to apply, so the
    /// set-level total is divided by the target (<c>ceil(total / target)</c>), which is how a queue or request rate wakes a
    /// set scaled to zero. Every instance of the current capacity is taken to have reported.
    /// </summary>
    public static int RawDesired(int current, double observed, double setLevelTotal, TargetTrackingPolicy policy, out bool withinTolerance) =>
        RawDesired(current, observed, setLevelTotal, policy, ReplicaBasis.Current, InstanceCounts.Unknown, out withinTolerance);

    /// <summary>
    /// HPA's replica formula on the basis the value has: an average over the instances that reported (HPA's pod and
    /// resource metrics, with the missing and not-ready fill-ins of <c>calcPlainMetricReplicas</c>), a set-level value
    /// (HPA's object and external value metrics: the ratio times the ready instances), or a total divided per instance
    /// (HPA's average-value targets: the ratio times the current capacity, that is <c>ceil(total / target)</c>).
    /// </summary>
    /// <param name="current">The current capacity.</param>
    /// <param name="observed">The observed value (already divided per instance when the trigger divides).</param>
    /// <param name="setLevelTotal">The value before dividing, for a set at zero.</param>
    /// <param name="policy">The target-tracking policy.</param>
    /// <param name="basis">What the value is an average of.</param>
    /// <param name="counts">The instances behind the value.</param>
    /// <param name="withinTolerance">Whether the change was too small to make.</param>
    /// <returns>The proposed capacity, before stabilization and rate limits.</returns>
    public static int RawDesired(
        int current,
        double observed,
        double setLevelTotal,
        TargetTrackingPolicy policy,
        ReplicaBasis basis,
        in InstanceCounts counts,
        out bool withinTolerance)
    {
        withinTolerance = false;
        var target = policy.TargetValue;
        if (current == 0)
        {
            return setLevelTotal > 0 ? ToCapacity(Math.Ceiling(setLevelTotal / target)) : 0;
        }

        var ratio = observed / target;
        if (basis == ReplicaBasis.Reporting && counts.IsKnown)
        {
            return FromReporting(current, observed, ratio, policy, counts, out withinTolerance);
        }

        if (IsWithin(ratio, policy))
        {
            withinTolerance = true;
            return current;
        }

        // A set-level value is spread over the ready instances (HPA's getUsageRatioReplicaCount); without any ready
        // instance there is nothing to scale from, and the capacity is kept.
        var replicas = current;
        if (basis == ReplicaBasis.Ready && counts.NotReady > 0)
        {
            replicas = current - Math.Min(counts.NotReady, current);
            if (replicas == 0)
            {
                return current;
            }
        }

        return ToCapacity(Math.Ceiling(ratio * replicas));
    }

    /// <summary>Whether a usage ratio is within the tolerance of its direction: <c>1 − down ≤ ratio ≤ 1 + up</c> (HPA's <c>Tolerances.isWithin</c>).</summary>
    public static bool IsWithin(double ratio, TargetTrackingPolicy policy)
    {
        var up = policy.ScaleUp?.Tolerance ?? policy.Tolerance;
        var down = policy.ScaleDown?.Tolerance ?? policy.Tolerance;
        return 1.0 - down <= ratio && ratio <= 1.0 + up;
    }

    /// <summary>The scale-up stabilization window in force: none with HPA's legacy limits.</summary>
    public static TimeSpan UpWindow(TargetTrackingPolicy policy) => policy.LegacyLimits ? TimeSpan.Zero : policy.ScaleUp.StabilizationWindow;

    /// <summary>HPA's <c>convertDesiredReplicasWithBehaviorRate</c> (or, with legacy limits, <c>convertDesiredReplicasWithRules</c>): limits the change by the rate policies of its direction and clamps to the range.</summary>
    public static int LimitRate(int current, int desired, int minimum, int maximum, ScaleEventLog events, DateTimeOffset now, TargetTrackingPolicy policy)
    {
        if (policy.LegacyLimits)
        {
            var legacyUp = (int)Math.Min(Math.Max((long)LegacyScaleUpFactor * current, LegacyScaleUpMinimum), int.MaxValue / 2);
            return CapacityMath.Clamp(desired, minimum, Math.Min(maximum, Math.Max(legacyUp, current)));
        }

        if (desired > current)
        {
            var limit = Math.Max(UpLimit(current, events, now, policy.ScaleUp), current);
            var allowed = Math.Min(maximum, limit);
            return Math.Min(desired, allowed);
        }

        if (desired < current)
        {
            var limit = Math.Min(DownLimit(current, events, now, policy.ScaleDown), current);
            var allowed = Math.Max(minimum, limit);
            return Math.Max(desired, allowed);
        }

        return desired;
    }

    /// <summary>
    /// HPA's <c>calcPlainMetricReplicas</c>: the ratio times the ready instances that reported; when some are missing or
    /// (on a scale-up) not ready, they are filled in conservatively (a missing instance at the target, or at
    /// <see cref="TargetTrackingPolicy.ScaleDownMissingValue"/>, when scaling in and at 0 when scaling out; a not-ready one
    /// at 0 when scaling out) and nothing changes if the fill-in flips the direction.
    /// </summary>
    private static int FromReporting(int current, double observed, double ratio, TargetTrackingPolicy policy, in InstanceCounts counts, out bool withinTolerance)
    {
        withinTolerance = false;
        var reporting = Math.Min(counts.Reporting, current);
        if (reporting == 0)
        {
            // Samples arrived but not from an instance known to be ready and present: nothing to count from.
            return RawDesired(current, observed, observed * current, policy, ReplicaBasis.Current, InstanceCounts.Unknown, out withinTolerance);
        }

        var notReady = Math.Min(counts.NotReady, current - reporting);
        var missing = current - reporting - notReady;
        var scaleUpWithNotReady = notReady > 0 && ratio > 1.0;
        if (!scaleUpWithNotReady && missing == 0)
        {
            if (IsWithin(ratio, policy))
            {
                withinTolerance = true;
                return current;
            }

            return ToCapacity(Math.Ceiling(ratio * reporting));
        }

        var target = policy.TargetValue;
        var sum = observed * reporting;
        double count = reporting;
        if (missing > 0 && ratio < 1.0)
        {
            sum += Math.Max(policy.ScaleDownMissingValue ?? target, target) * missing;
            count += missing;
        }
        else if (missing > 0 && ratio > 1.0)
        {
            count += missing;
        }

        if (scaleUpWithNotReady)
        {
            count += notReady;
        }

        var newRatio = sum / count / target;
        if (IsWithin(newRatio, policy) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
        {
            withinTolerance = IsWithin(newRatio, policy);
            return current;
        }

        var replicas = ToCapacity(Math.Ceiling(newRatio * count));
        return (newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current) ? current : replicas;
    }

    private static int UpLimit(int current, ScaleEventLog events, DateTimeOffset now, ScalingBehavior behavior)
    {
        if (behavior.SelectPolicy == ScalingPolicySelect.Disabled)
        {
            return current;
        }

        if (behavior.Policies.Count == 0)
        {
            return int.MaxValue / 2;
        }

        var pickMin = behavior.SelectPolicy == ScalingPolicySelect.Min;
        var result = pickMin ? int.MaxValue : int.MinValue;
        foreach (var policy in behavior.Policies)
        {
            var (added, removed) = events.ChangesWithin(now, policy.Period);
            var periodStart = current - added + removed;
            var proposed = policy.Type == ScalingRatePolicyType.Percent
                ? ToCapacity(Math.Ceiling(periodStart * (1 + (policy.Value / 100.0))))
                : periodStart + policy.Value;
            result = pickMin ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }

        return result;
    }

    private static int DownLimit(int current, ScaleEventLog events, DateTimeOffset now, ScalingBehavior behavior)
    {
        if (behavior.SelectPolicy == ScalingPolicySelect.Disabled)
        {
            return current;
        }

        if (behavior.Policies.Count == 0)
        {
            return 0;
        }

        var pickMin = behavior.SelectPolicy == ScalingPolicySelect.Min;
        var result = pickMin ? int.MinValue : int.MaxValue;
        foreach (var policy in behavior.Policies)
        {
            var (added, removed) = events.ChangesWithin(now, policy.Period);
            var periodStart = current - added + removed;
            var proposed = policy.Type == ScalingRatePolicyType.Percent
                ? (int)(periodStart * (1 - (policy.Value / 100.0)))
                : periodStart - policy.Value;
            result = pickMin ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return result;
    }

    private static int ToCapacity(double value) =>
        double.IsNaN(value) ? 0 : value >= int.MaxValue / 2 ? int.MaxValue / 2 : value <= 0 ? 0 : (int)value;
}
