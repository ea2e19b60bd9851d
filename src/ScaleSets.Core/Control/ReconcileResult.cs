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
    bool Converged);
