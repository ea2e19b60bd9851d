using ScaleSets.Model;

namespace ScaleSets.Rules;

/// <summary>The Kubernetes HPA algorithm: the replica formula with tolerance, then stabilization, then rate policies.</summary>
internal static class TargetTrackingCalculator
{
    /// <summary>
    /// <c>desired = ceil(current × observed / target)</c>, or the current capacity while <c>|observed / target − 1|</c> is
    /// within the tolerance. From zero instances there is no ratio to apply, so the set-level total is divided by the
    /// target (<c>ceil(total / target)</c>), which is how a queue or request rate wakes a set scaled to zero.
    /// </summary>
    public static int RawDesired(int current, double observed, double setLevelTotal, TargetTrackingPolicy policy, out bool withinTolerance)
    {
        withinTolerance = false;
        var target = policy.TargetValue;
        if (current == 0)
        {
            return setLevelTotal > 0 ? ToCapacity(Math.Ceiling(setLevelTotal / target)) : 0;
        }

        var ratio = observed / target;
        if (Math.Abs(1.0 - ratio) <= policy.Tolerance)
        {
            withinTolerance = true;
            return current;
        }

        return ToCapacity(Math.Ceiling(ratio * current));
    }

    /// <summary>HPA's <c>convertDesiredReplicasWithBehaviorRate</c>: limits the change by the rate policies of its direction.</summary>
    public static int LimitRate(int current, int desired, int minimum, int maximum, ScaleEventLog events, DateTimeOffset now, TargetTrackingPolicy policy)
    {
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
            var proposed = policy.Type == ScalingRatePolicyType.Instances
                ? periodStart + policy.Value
                : ToCapacity(Math.Ceiling(periodStart * (1 + (policy.Value / 100.0))));
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
            var proposed = policy.Type == ScalingRatePolicyType.Instances
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - (policy.Value / 100.0)));
            result = pickMin ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return result;
    }

    private static int ToCapacity(double value) =>
        double.IsNaN(value) ? 0 : value >= int.MaxValue / 2 ? int.MaxValue / 2 : value <= 0 ? 0 : (int)value;
}
