namespace ScaleSets.State;

/// <summary>The learned rises of one load level (an octave of the load in instances): the weight in each bin that has any.</summary>
public sealed record RiseLevelSnapshot
{
    /// <summary>Gets the level.</summary>
    public int Level { get; init; }

    /// <summary>Gets the level's total weight.</summary>
    public double Total { get; init; }

    /// <summary>Gets the bins that hold weight, ascending.</summary>
    public IReadOnlyList<int> Bins { get; init; } = [];

    /// <summary>Gets the weight of each bin in <see cref="Bins"/>.</summary>
    public IReadOnlyList<double> Weights { get; init; } = [];
}
