namespace ScaleSets.State;

/// <summary>
/// What a target-tracking rule with an SLO objective has learned (<see cref="Model.SloObjective"/>): the rises of the load
/// within one provisioning time and over each longer candidate hold, the evaluations still waiting to learn theirs, the
/// capacity held and the capacity taken to be ready, what each candidate hold would have kept, and the feedback on its own
/// misses. A restore matches the objective:
/// learning for another attainment target or provisioning time starts again.
/// </summary>
public sealed record SloHeadroomSnapshot
{
    /// <summary>Gets the attainment target the rule learned for.</summary>
    public double Attainment { get; init; }

    /// <summary>Gets the provisioning time the rule learned for.</summary>
    public TimeSpan ProvisioningTime { get; init; }

    /// <summary>Gets the time of the last evaluation the rule learned from, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? Last { get; init; }

    /// <summary>Gets the evaluations seen, weighted by age.</summary>
    public double Evaluations { get; init; }

    /// <summary>Gets the evaluations whose ready capacity did not carry the load, weighted by age.</summary>
    public double Misses { get; init; }

    /// <summary>Gets the natural logarithm of the quantile's tail, as the feedback left it.</summary>
    public double LogTail { get; init; }

    /// <summary>Gets how many rises were learned.</summary>
    public long RiseCount { get; init; }

    /// <summary>Gets the weight the next rise adds before it grows (the rises' forgetting is kept as a growing weight).</summary>
    public double RiseIncrement { get; init; }

    /// <summary>Gets the learned rises, one entry per load level that has any.</summary>
    public IReadOnlyList<RiseLevelSnapshot> Rises { get; init; } = [];

    /// <summary>Gets the evaluations still waiting one provisioning time to learn their rise: when, and the load then.</summary>
    public IReadOnlyList<TimedValue> Pending { get; init; } = [];

    /// <summary>Gets the falling maxima of the capacity asked for within the longest candidate hold, oldest first.</summary>
    public IReadOnlyList<TimedCount> Asked { get; init; } = [];

    /// <summary>Gets the rising minima of the set's capacity within the last provisioning time, oldest first.</summary>
    public IReadOnlyList<TimedCount> Capacity { get; init; } = [];

    /// <summary>
    /// Gets the falling maxima of the loads at least a provisioning time old within the longest candidate hold, oldest
    /// first (what each candidate hold keeps ready). Empty in a snapshot written before the hold was learned.
    /// </summary>
    public IReadOnlyList<TimedValue> Matured { get; init; } = [];

    /// <summary>Gets what the longer candidate holds (2, 4, … 64 provisioning times) learned; <see cref="Rises"/> is the shortest's. Empty before the hold was learned.</summary>
    public IReadOnlyList<SloHoldSnapshot> Holds { get; init; } = [];

    /// <summary>Gets the capacity each candidate hold would have kept, weighted by age, shortest first (the rule holds for the least). Empty before the hold was learned.</summary>
    public IReadOnlyList<double> Kept { get; init; } = [];
}
