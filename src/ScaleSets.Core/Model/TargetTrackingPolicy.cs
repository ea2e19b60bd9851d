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
}
