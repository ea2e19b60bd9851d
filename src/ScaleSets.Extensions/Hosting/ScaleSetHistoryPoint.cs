namespace ScaleSets.Hosting;

/// <summary>One evaluation of a scale set in the runtime's recent history: the load each rule saw, the capacity and the instances.</summary>
/// <param name="Time">When the evaluation ran.</param>
/// <param name="Capacity">The capacity after the evaluation.</param>
/// <param name="Instances">The instances the provider reported at the controller's last pass (including those being created or removed), or <see langword="null"/> before a pass.</param>
/// <param name="InService">The instances taking traffic (ready in the load balancer) at the controller's last pass, or <see langword="null"/> before a pass.</param>
/// <param name="Observed">What each rule of the active profile observed, in profile order (named by <see cref="Rules"/>); <see langword="null"/> for a rule without data.</param>
public sealed record ScaleSetHistoryPoint(DateTimeOffset Time, int Capacity, int? Instances, int? InService, IReadOnlyList<double?> Observed)
{
    /// <summary>Gets the names of the rules whose values <see cref="Observed"/> holds, in the same order.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}
