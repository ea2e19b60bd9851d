namespace ScaleSets.Policy;

/// <summary>
/// The headroom a target-tracking rule with an <see cref="Model.SloObjective"/> used in one evaluation, and where it came
/// from: the capacity is <c>ceil(Load × Factor / target value)</c>, <see cref="Factor"/> is the
/// <see cref="QuantileLevel"/> quantile of the load's rises within one provisioning time the rule has learned, and the
/// level is the attainment target moved by the rule's own attainment (<see cref="Misses"/> against
/// <see cref="MissBudget"/>).
/// </summary>
/// <param name="Source">Where the headroom came from.</param>
/// <param name="Target">The attainment target.</param>
/// <param name="Attainment">The rule's own attainment so far: the share of its recent evaluations whose ready capacity carried the load (1 before any).</param>
/// <param name="Misses">The recent evaluations whose ready capacity did not carry the load, weighted by age (the memory holds about twenty budgeted misses).</param>
/// <param name="MissBudget">The misses the target allows over the same evaluations: <c>(1 − Target) ×</c> their weight.</param>
/// <param name="QuantileLevel">The quantile of the rises used: it starts at <paramref name="Target"/>, rises with each miss and falls with each hit (an integral controller on the rule's misses), between the median and <c>1 − 1/N</c> for a memory of N evaluations.</param>
/// <param name="Factor">The headroom: the rise quantile as a ratio to the load seen now, at least 1 (the capacity returned is then the highest asked for within the last provisioning time).</param>
/// <param name="Load">The load seen now (the metric's total, in the target value's unit).</param>
/// <param name="ReadyEstimate">The instances taken to be ready now: the fewest the set had within the last provisioning time.</param>
/// <param name="LearnedRises">How many rises within a provisioning time the rule has learned.</param>
public readonly record struct SloHeadroom(
    SloHeadroomSource Source,
    double Target,
    double Attainment,
    double Misses,
    double MissBudget,
    double QuantileLevel,
    double Factor,
    double Load,
    int ReadyEstimate,
    long LearnedRises)
{
    /// <summary>
    /// Gets how long the capacity asked for is held (the capacity returned is the highest asked for within it): the
    /// candidate hold of 1, 2, 4, … 64 provisioning times that would have kept the least capacity at the same quantile
    /// of its own rises, replayed online on the load seen; one provisioning time at first.
    /// </summary>
    public TimeSpan Hold { get; init; }
}
