namespace ScaleSets.Simulation.Elasticity;

/// <summary>
/// How a policy did by the yardstick users state: the share of steps within the SLO, and what it cost against the
/// clairvoyant lower bound (see <see cref="SloYardstick"/>).
/// </summary>
/// <param name="Attainment">The share of steps within the SLO, 0 to 1.</param>
/// <param name="Target">The attainment target, 0 to 1 (for example 0.99).</param>
/// <param name="InstanceHours">The instance-hours billed: every instance that existed (booting, serving, draining).</param>
/// <param name="BoundInstanceHours">The clairvoyant lower bound's instance-hours over the same steps.</param>
public sealed record SloMetrics(double Attainment, double Target, double InstanceHours, double BoundInstanceHours)
{
    /// <summary>Gets the cost as a ratio to the clairvoyant lower bound (1 is as cheap as any policy meeting the SLO everywhere can be).</summary>
    public double CostRatio => BoundInstanceHours > 0 ? InstanceHours / BoundInstanceHours : double.PositiveInfinity;

    /// <summary>Gets whether the attainment reaches the target.</summary>
    public bool MeetsTarget => Attainment >= Target;
}
