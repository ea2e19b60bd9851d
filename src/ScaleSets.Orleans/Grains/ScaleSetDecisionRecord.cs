namespace ScaleSets.Orleans.Grains;

/// <summary>
/// One evaluation of a scale set's autoscaler as its trail keeps it: stored in the set's row with the autoscaler's
/// snapshot (before the pass acts on it), so the trail goes on, numbered without a gap, on whichever silo the set runs.
/// </summary>
[GenerateSerializer]
public sealed class ScaleSetDecisionRecord
{
    /// <summary>Gets the evaluation's number: one more than the one before it, across activations.</summary>
    [Id(0)]
    public long Sequence { get; init; }

    /// <summary>Gets the decision's id (<c>set#sequence</c>), the cause every controller event of its action carries.</summary>
    [Id(1)]
    public string DecisionId { get; init; } = string.Empty;

    /// <summary>Gets when the evaluation ran (the autoscaler's clock).</summary>
    [Id(2)]
    public DateTimeOffset Time { get; init; }

    /// <summary>Gets the capacity before the decision.</summary>
    [Id(3)]
    public int From { get; init; }

    /// <summary>Gets the capacity the decision asks for (equal to <see cref="From"/> when it did not act).</summary>
    [Id(4)]
    public int To { get; init; }

    /// <summary>Gets the silo whose activation made the decision.</summary>
    [Id(5)]
    public string Silo { get; init; } = string.Empty;

    /// <summary>Gets what held the decision back (<c>None</c>, <c>Cooldown</c>, <c>AtMaximum</c>, … as <see cref="Policy.ScaleBlockReason"/> names it).</summary>
    [Id(7)]
    public string Blocked { get; init; } = string.Empty;

    /// <summary>Gets the decision's explanation (rule, observed value, threshold, what blocked it).</summary>
    [Id(6)]
    public string Explanation { get; init; } = string.Empty;
}
