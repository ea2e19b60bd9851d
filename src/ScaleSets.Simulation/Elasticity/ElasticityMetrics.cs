namespace ScaleSets.Simulation.Elasticity;

/// <summary>
/// How well a supply of instances followed demand: the SPEC Research Group elasticity metrics as the BUNGEE benchmark
/// computes them, plus cost, SLO and action counts. Accuracy and timeshare figures are percentages.
/// </summary>
/// <param name="ThetaU">θU, under-provisioning accuracy: <c>100/T · Σ max(d − s, 0)/d</c>, in %.</param>
/// <param name="ThetaO">θO, over-provisioning accuracy: <c>100/T · Σ max(s − d, 0)/d</c>, in %.</param>
/// <param name="TauU">τU, the share of steps under-provisioned (s &lt; d), in %.</param>
/// <param name="TauO">τO, the share of steps over-provisioned (s &gt; d), in %.</param>
/// <param name="Instability">υ, the share of step pairs in which supply and demand do not move the same way: <c>100/(T − 1) · Σ min(|sgn Δs − sgn Δd|, 1)</c>, in %.</param>
/// <param name="Jitter">The supply adaptations minus the demand changes, per hour: negative when supply changes less often than demand.</param>
/// <param name="InstanceHours">The instance-hours paid for: every instance from its create call to its deletion, booting ones included.</param>
/// <param name="SloViolationMinutes">The minutes with utilization above 100% or, when an SLO is given, mean latency above it.</param>
/// <param name="Actions">The number of scale actions (changes of the desired capacity).</param>
/// <param name="Deviation">The autoscaling deviation <c>√(θU² + θO² + τU² + τO²)</c>: the distance from perfect elasticity; lower is better.</param>
public sealed record ElasticityMetrics(
    double ThetaU,
    double ThetaO,
    double TauU,
    double TauO,
    double Instability,
    double Jitter,
    double InstanceHours,
    double SloViolationMinutes,
    int Actions,
    double Deviation);
