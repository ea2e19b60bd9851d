namespace ScaleSets.Model;

/// <summary>
/// The service level a target-tracking rule keeps instead of a utilization to aim at: the share of evaluations whose
/// ready capacity carries the load, and the time new capacity takes to serve. With it, the rule's
/// <see cref="TargetTrackingPolicy.TargetValue"/> is what one instance carries within the objective (its capacity, not a
/// utilization below it), and the headroom above the load is learned online (see <see cref="Policy.SloHeadroom"/>).
/// </summary>
/// <remarks>
/// The headroom is the quantile of the load's rise over one <see cref="ProvisioningTime"/> that the set's own history
/// shows at the load's level, at a quantile level that starts at <see cref="Attainment"/> and that the rule's own misses
/// move: up when it misses more than the target allows, down when it misses less. The capacity is held at the highest
/// asked for within the provisioning time, so scale-in waits as long as getting the capacity back would take. Use it on a
/// load metric (a request rate divided per instance, say), whose value does not depend on how many instances serve it.
/// </remarks>
public sealed class SloObjective
{
    /// <summary>Gets or sets the share of evaluations whose ready capacity should carry the load, for example 0.99.</summary>
    /// <value>The default is 0.99. Allowed: at least 0.5 and less than 1.</value>
    public double Attainment { get; set; } = 0.99;

    /// <summary>Gets or sets how long a new instance takes from the scale-out decision to serving (create, boot, warm-up).</summary>
    /// <value>Allowed: more than 0 and at most 1 day.</value>
    public TimeSpan ProvisioningTime { get; set; }
}
