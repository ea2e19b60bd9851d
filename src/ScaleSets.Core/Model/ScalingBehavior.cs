namespace ScaleSets.Model;

/// <summary>Stabilization and rate limits of target tracking in one direction (Kubernetes HPA's <c>HPAScalingRules</c>).</summary>
public sealed class ScalingBehavior
{
    /// <summary>Gets or sets the stabilization window: the recommendations of this long ago are considered, and the most
    /// conservative one is used, so a brief dip or spike does not move the capacity.</summary>
    /// <value>The default is zero for scale-up and five minutes for scale-down (HPA's defaults). Allowed: 0 to 1 hour.</value>
    public TimeSpan StabilizationWindow { get; set; }

    /// <summary>
    /// Gets or sets how long a new instance takes from the scale-out decision to serving (create, boot, warm-up), which
    /// makes the scale-down stabilization window adaptive; <see langword="null"/> keeps the window fixed. Scale-down only.
    /// </summary>
    /// <remarks>
    /// A fixed window is right for one kind of signal only: on a noisy metric reported every evaluation, a window of
    /// about half the provisioning time keeps supply from following every dip (an instance removed in a dip is
    /// missing for a whole provisioning time when the load comes back); on a metric that changes in steps (published
    /// every five minutes, say), the same window only delays every scale-in. With a provisioning time set, every
    /// evaluation replays the rule's recent recommendations through nine windows evenly spaced from zero to
    /// <see cref="StabilizationWindow"/>, each driving its own replayed capacity in which added instances serve after
    /// the provisioning time and removed ones stop at once, scores each replay by the SPEC RG autoscaling deviation
    /// against the recommendations (under- and over-provisioned share of evaluations and relative gap, weighted with a
    /// six-hour half-life), and stabilizes with the window whose replay stayed closest. Set
    /// <see cref="StabilizationWindow"/> to the longest window worth considering, for example the provisioning time.
    /// </remarks>
    /// <value>The default is <see langword="null"/> (a fixed window). Allowed: more than 0 and at most 1 day, on the scale-down behavior, with a stabilization window greater than 0.</value>
    public TimeSpan? ProvisioningTime { get; set; }

    /// <summary>
    /// Gets or sets the tolerance of this direction (Kubernetes' <c>behavior.scaleUp.tolerance</c> and
    /// <c>behavior.scaleDown.tolerance</c>): no change in this direction while the usage ratio <c>observed / target</c>
    /// is within it of 1; <see langword="null"/> uses <see cref="TargetTrackingPolicy.Tolerance"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>. Allowed: 0 to less than 1.</value>
    public double? Tolerance { get; set; }

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
