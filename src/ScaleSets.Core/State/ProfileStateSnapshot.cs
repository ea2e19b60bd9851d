namespace ScaleSets.State;

/// <summary>The state of one profile's rules.</summary>
public sealed record ProfileStateSnapshot
{
    /// <summary>Gets the profile's position in the setting.</summary>
    public int Index { get; init; }

    /// <summary>Gets the profile's name; a restore matches it with the setting's profile at <see cref="Index"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the recommendation history of the profile's HPA combination.</summary>
    public RecommendationHistorySnapshot HpaHistory { get; init; } = new();

    /// <summary>Gets the state of each rule, in the profile's order.</summary>
    public IReadOnlyList<RuleStateSnapshot> Rules { get; init; } = [];
}
