namespace ScaleSets.Model;

/// <summary>
/// Keeps a metric near a target value with the Kubernetes HPA formula
/// <c>desired = ceil(current × observed / target)</c>, with a tolerance, stabilization windows and rate policies.
/// </summary>
public sealed class TargetTrackingPolicy
{
    /// <summary>Gets or sets the target value of the observed metric (per instance when the trigger divides per instance).</summary>
    public double TargetValue { get; set; }

    /// <summary>Gets or sets the tolerance: no change while <c>|observed / target − 1|</c> is at most this.</summary>
    /// <value>The default is 0.1 (HPA's default). Allowed: 0 to less than 1.</value>
    public double Tolerance { get; set; } = 0.1;

    /// <summary>Gets or sets whether this rule may only scale out, never in (as AWS target tracking's <c>DisableScaleIn</c>).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool DisableScaleIn { get; set; }

    /// <summary>Gets or sets the scale-up behavior.</summary>
    /// <value>The default is <see cref="ScalingBehavior.DefaultScaleUp"/>.</value>
    public ScalingBehavior ScaleUp { get; set; } = ScalingBehavior.DefaultScaleUp();

    /// <summary>Gets or sets the scale-down behavior.</summary>
    /// <value>The default is <see cref="ScalingBehavior.DefaultScaleDown"/>.</value>
    public ScalingBehavior ScaleDown { get; set; } = ScalingBehavior.DefaultScaleDown();

    /// <summary>
    /// Gets or sets the value an instance that reports no sample is assumed to have when the rule scales in (HPA's
    /// missing-pod fill-in): the larger of this and <see cref="TargetValue"/>. <see langword="null"/> assumes the target
    /// value, as HPA does for pod and object metrics; 100 matches HPA's CPU and memory utilization targets (it assumes
    /// 100% of the request, or the target when that is higher). When scaling out, a missing instance counts as 0.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public double? ScaleDownMissingValue { get; set; }

    /// <summary>
    /// Gets or sets whether the rule limits its changes as Kubernetes HPA does when a manifest has no <c>behavior</c>:
    /// the scale-down is stabilized over <see cref="ScalingBehavior.StabilizationWindow"/> of <see cref="ScaleDown"/> (HPA's
    /// <c>--horizontal-pod-autoscaler-downscale-stabilization</c>, five minutes by default) and not rate-limited, a
    /// scale-up is immediate and goes at most to <c>max(2 × current, 4)</c> per evaluation, and the rate policies of
    /// <see cref="ScaleUp"/> and <see cref="ScaleDown"/> are not used.
    /// </summary>
    /// <value>The default is <see langword="false"/>: the behaviors apply.</value>
    public bool LegacyLimits { get; set; }

    /// <summary>
    /// Gets or sets the service level the rule keeps: with it, <see cref="TargetValue"/> is what one instance carries
    /// within the objective, and the capacity is the load times a headroom learned online from the load's rises within
    /// the provisioning time and the rule's own attainment (<see cref="SloObjective"/>); <see cref="Tolerance"/> is not
    /// used. <see langword="null"/> tracks <see cref="TargetValue"/> with the HPA formula.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public SloObjective? Slo { get; set; }
}
