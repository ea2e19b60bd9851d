namespace ScaleSets.Control;

/// <summary>A summary of one reconcile pass.</summary>
/// <param name="Time">When the pass started.</param>
/// <param name="DesiredCapacity">The desired capacity, or <see langword="null"/> when none was set yet (the controller then keeps the current count).</param>
/// <param name="Instances">Instances the provider reported, including those being removed.</param>
/// <param name="Healthy">Healthy instances.</param>
/// <param name="Ready">Instances taking traffic.</param>
/// <param name="Removing">Instances being removed.</param>
/// <param name="Created">Instances created in this pass.</param>
/// <param name="Deleted">Instances deleted in this pass.</param>
/// <param name="Failures">Calls that failed in this pass after retries.</param>
/// <param name="Converged">Whether the set matched its desired state when the pass ended: every instance healthy, ready and on the current model, none being removed, and the count equal to the desired capacity.</param>
public sealed record ReconcileResult(
    DateTimeOffset Time,
    int? DesiredCapacity,
    int Instances,
    int Healthy,
    int Ready,
    int Removing,
    int Created,
    int Deleted,
    int Failures,
    bool Converged)
{
    /// <summary>Gets the instances in service: those the provider reported, less those being removed.</summary>
    public int InService => Instances - Removing;

    /// <summary>
    /// Gets a value indicating whether the pass could not create every instance the desired capacity needs: placement was
    /// blocked (a zone unavailable in strict zone balance, every zone unavailable) or creates failed after retries (a quota).
    /// </summary>
    public bool ScaleOutIncomplete { get; init; }

    /// <summary>Gets the instances in the warm pool (<see cref="WarmPoolOptions"/>), counted apart from <see cref="Instances"/>: they exist at the provider but are not part of the set.</summary>
    public int WarmPool { get; init; }

    /// <summary>Gets the warm pool's instances ready to be taken by a scale-out.</summary>
    public int WarmPoolPrepared { get; init; }

    /// <summary>
    /// Gets the scale set's current capacity, what an autoscaler should reason from (as Azure autoscale reads the scale set's
    /// capacity and Kubernetes' HPA the scale subresource, not their own last decision): the desired capacity, or the
    /// instances in service when a scale-out could not complete; <see langword="null"/> before a desired capacity is set.
    /// </summary>
    public int? CurrentCapacity => DesiredCapacity is not { } desired ? null : ScaleOutIncomplete ? Math.Min(desired, InService) : desired;
}
