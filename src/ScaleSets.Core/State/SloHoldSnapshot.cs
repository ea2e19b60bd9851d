namespace ScaleSets.State;

/// <summary>
/// What a rule with an SLO objective learned for one of its longer candidate holds (the hold a decision's headroom
/// reports as <c>SloHeadroom.Hold</c>): the rises of the load over the highest load that hold keeps ready.
/// </summary>
public sealed record SloHoldSnapshot
{
    /// <summary>Gets the hold: a power of two times the provisioning time.</summary>
    public TimeSpan Hold { get; init; }

    /// <summary>Gets how many rises were learned.</summary>
    public long RiseCount { get; init; }

    /// <summary>Gets the weight the next rise adds before it grows (the rises' forgetting is kept as a growing weight).</summary>
    public double RiseIncrement { get; init; }

    /// <summary>Gets the learned rises, one entry per load level that has any.</summary>
    public IReadOnlyList<RiseLevelSnapshot> Rises { get; init; } = [];
}
