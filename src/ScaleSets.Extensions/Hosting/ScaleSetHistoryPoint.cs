namespace ScaleSets.Hosting;

/// <summary>One evaluation of a scale set in the runtime's recent history: the load each rule saw, the capacity and the instances.</summary>
/// <param name="Time">When the evaluation ran.</param>
/// <param name="Capacity">The capacity after the evaluation.</param>
/// <param name="Instances">The instances the controller tracked (including those being created or removed), or <see langword="null"/> without a controller.</param>
/// <param name="InService">The instances in service or warming up, or <see langword="null"/> without a controller.</param>
/// <param name="Observed">What each rule of the active profile observed, in profile order; <see langword="null"/> for a rule without data.</param>
public sealed record ScaleSetHistoryPoint(DateTimeOffset Time, int Capacity, int? Instances, int? InService, IReadOnlyList<double?> Observed);
