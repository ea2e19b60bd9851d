namespace ScaleSets.Policy;

/// <summary>
/// One candidate capacity tried by the flapping guard: each per-instance metric is projected to
/// <c>observed × current / candidate</c> and every scale-out rule is evaluated against the projection.
/// </summary>
/// <param name="Capacity">The candidate capacity.</param>
/// <param name="Safe">Whether no scale-out rule would fire at that capacity.</param>
/// <param name="TriggeredRule">The index of the first scale-out rule that would fire, or -1 when safe.</param>
/// <param name="ProjectedValue">The projected metric value of that rule, or NaN when safe.</param>
public readonly record struct FlappingCheck(int Capacity, bool Safe, int TriggeredRule, double ProjectedValue);
