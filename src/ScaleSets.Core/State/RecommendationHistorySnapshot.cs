namespace ScaleSets.State;

/// <summary>The recommendations behind a target-tracking rule's stabilization windows (Kubernetes HPA's <c>recommendations</c>).</summary>
public sealed record RecommendationHistorySnapshot
{
    /// <summary>Gets whether the rule was evaluated at least once (its initial recommendation is recorded).</summary>
    public bool Seen { get; init; }

    /// <summary>Gets the recommendations kept, oldest first.</summary>
    public IReadOnlyList<TimedCount> Recommendations { get; init; } = [];
}
