using ScaleSets.Model;

namespace ScaleSets.Policy;

/// <summary>One rule's part in an evaluation: what it observed, what it compared against, and what it proposed.</summary>
/// <param name="Index">The rule's position in its profile.</param>
/// <param name="Name">The rule's name, or <c>rule[i]</c> when it has none.</param>
/// <param name="Kind">The rule kind.</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Direction">The direction the rule scales in (for a target-tracking rule, the direction of its proposal).</param>
/// <param name="Observed">The observed aggregate after dividing per instance when asked, or NaN when missing.</param>
/// <param name="Operator">The comparison (threshold and step rules).</param>
/// <param name="Threshold">The threshold, or the target value of a target-tracking rule.</param>
/// <param name="Outcome">What the rule concluded.</param>
/// <param name="ProposedCapacity">The capacity the rule proposes, or the current capacity when it proposes no change.</param>
/// <param name="RawProposal">For target tracking, the capacity before stabilization and rate limits; otherwise equal to <paramref name="ProposedCapacity"/>.</param>
public readonly record struct RuleEvaluation(
    int Index,
    string Name,
    ScaleRuleKind Kind,
    string Metric,
    ScaleDirection Direction,
    double Observed,
    ComparisonOperator Operator,
    double Threshold,
    RuleOutcome Outcome,
    int ProposedCapacity,
    int RawProposal)
{
    /// <summary>
    /// Gets the scale-down stabilization window a target-tracking rule used in this evaluation: the configured one, or
    /// the adaptive choice when its scale-down behavior has a <see cref="ScalingBehavior.ProvisioningTime"/>;
    /// <see langword="null"/> for other rules and when the metric had no data.
    /// </summary>
    public TimeSpan? ScaleDownWindow { get; init; }

    /// <summary>
    /// Gets, for a target-tracking rule with an <see cref="SloObjective"/>, the headroom it used above the load and where
    /// it came from (the rise quantile, raised or released by the rule's own attainment); <see langword="null"/> for
    /// other rules and when the metric had no data.
    /// </summary>
    public SloHeadroom? Headroom { get; init; }

    /// <summary>
    /// Gets, for a target-tracking rule whose value is an average over the instances that reported, how many ready
    /// instances reported, or <see langword="null"/> when the count did not enter the formula.
    /// </summary>
    public int? ReportingInstances { get; init; }

    /// <summary>Gets how many instances of the capacity reported nothing (HPA's missing pods), or <see langword="null"/> as for <see cref="ReportingInstances"/>.</summary>
    public int? MissingInstances { get; init; }

    /// <summary>Gets how many instances were not ready (warming up, or marked not ready), or <see langword="null"/> as for <see cref="ReportingInstances"/>.</summary>
    public int? NotReadyInstances { get; init; }

    /// <summary>
    /// Gets, when the rule's metric had no data, what it was waiting for: the metric name, source, resource (or the scale
    /// set itself), namespace and dimension filters, and how many samples of that metric name arrived that failed a
    /// filter, with the labels of the last one; <see langword="null"/> when it had data.
    /// </summary>
    public string? WaitingFor { get; init; }

    /// <summary>Gets whether the rule's metric had data.</summary>
    public bool HasData => Outcome != RuleOutcome.MissingData;
}
