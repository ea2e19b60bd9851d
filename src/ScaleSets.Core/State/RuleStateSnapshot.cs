namespace ScaleSets.State;

/// <summary>The state of one rule: a target-tracking rule's recommendation history, adaptive scale-down window and SLO headroom.</summary>
public sealed record RuleStateSnapshot
{
    /// <summary>Gets the rule's position in its profile.</summary>
    public int Index { get; init; }

    /// <summary>Gets the rule's kind, as its name (<c>Threshold</c>, <c>TargetTracking</c>, <c>StepScaling</c>); a restore matches it.</summary>
    public string? Kind { get; init; }

    /// <summary>Gets a target-tracking rule's recommendation history, or <see langword="null"/>.</summary>
    public RecommendationHistorySnapshot? History { get; init; }

    /// <summary>Gets the adaptive scale-down window's replays, or <see langword="null"/> when the rule has none.</summary>
    public AdaptiveStabilizerSnapshot? Stabilizer { get; init; }

    /// <summary>Gets what a rule with an SLO objective has learned, or <see langword="null"/> when the rule has none.</summary>
    public SloHeadroomSnapshot? Headroom { get; init; }
}
