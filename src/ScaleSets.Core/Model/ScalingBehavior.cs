namespace ScaleSets.Model;

/// <summary>Stabilization and rate limits of target tracking in one direction (Kubernetes HPA's <c>HPAScalingRules</c>).</summary>
public sealed class ScalingBehavior
{
    /// <summary>Gets or sets the stabilization window: the recommendations of this long ago are considered, and the most
    /// conservative one is used, so a brief dip or spike does not move the capacity.</summary>
    /// <value>The default is zero for scale-up and five minutes for scale-down (HPA's defaults). Allowed: 0 to 1 hour.</value>
    public TimeSpan StabilizationWindow { get; set; }

    /// <summary>Gets or sets which policy applies when several are listed.</summary>
    /// <value>The default is <see cref="ScalingPolicySelect.Max"/>.</value>
    public ScalingPolicySelect SelectPolicy { get; set; } = ScalingPolicySelect.Max;

    /// <summary>Gets or sets the rate policies; an empty list means no rate limit.</summary>
    public List<ScalingRatePolicy> Policies { get; set; } = [];

    /// <summary>Creates HPA's default scale-up behavior: no stabilization, at most 100% or 4 instances per 15 s, whichever is more.</summary>
    /// <returns>A new behavior.</returns>
    public static ScalingBehavior DefaultScaleUp() => new()
    {
        StabilizationWindow = TimeSpan.Zero,
        SelectPolicy = ScalingPolicySelect.Max,
        Policies =
        [
            new ScalingRatePolicy { Type = ScalingRatePolicyType.Percent, Value = 100, Period = TimeSpan.FromSeconds(15) },
            new ScalingRatePolicy { Type = ScalingRatePolicyType.Instances, Value = 4, Period = TimeSpan.FromSeconds(15) },
        ],
    };

    /// <summary>Creates HPA's default scale-down behavior: a five-minute stabilization window, at most 100% per 15 s.</summary>
    /// <returns>A new behavior.</returns>
    public static ScalingBehavior DefaultScaleDown() => new()
    {
        StabilizationWindow = TimeSpan.FromMinutes(5),
        SelectPolicy = ScalingPolicySelect.Max,
        Policies = [new ScalingRatePolicy { Type = ScalingRatePolicyType.Percent, Value = 100, Period = TimeSpan.FromSeconds(15) }],
    };
}
