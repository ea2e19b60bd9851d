using ScaleSets.Model;
using ScaleSets.Policy;

namespace ScaleSets.Engine;

/// <summary>One rule of the active profile at the latest evaluation: what it observed against its threshold or target, over which window.</summary>
public sealed record RuleStatus
{
    /// <summary>Gets the rule's name, or <c>rule[i]</c> when it has none.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the rule kind.</summary>
    public required ScaleRuleKind Kind { get; init; }

    /// <summary>Gets the metric's name.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the direction the rule scales in (for target tracking, the direction of its proposal).</summary>
    public required ScaleDirection Direction { get; init; }

    /// <summary>Gets the value the rule observed over its window, or <see langword="null"/> when its metric had no data.</summary>
    public required double? Observed { get; init; }

    /// <summary>Gets the comparison of a threshold or step rule.</summary>
    public required ComparisonOperator Operator { get; init; }

    /// <summary>Gets the threshold, or the target value of a target-tracking rule.</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the window the value is aggregated over.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>Gets the time grain of the rule's series.</summary>
    public required TimeSpan TimeGrain { get; init; }

    /// <summary>Gets the start of the newest time grain that received a sample of the rule's series, or <see langword="null"/> when none did.</summary>
    public required DateTimeOffset? LastSample { get; init; }

    /// <summary>Gets what the rule concluded.</summary>
    public required RuleOutcome Outcome { get; init; }

    /// <summary>Gets the capacity the rule proposed (the current one when it proposed no change).</summary>
    public required int ProposedCapacity { get; init; }

    /// <summary>Gets, for target tracking, the capacity before stabilization and rate limits; otherwise equal to <see cref="ProposedCapacity"/>.</summary>
    public required int RawProposal { get; init; }

    /// <summary>Gets the scale-down stabilization window a target-tracking rule used, or <see langword="null"/>.</summary>
    public TimeSpan? ScaleDownWindow { get; init; }

    /// <summary>Gets whether stabilization or a rate limit held the rule's proposal away from its raw value.</summary>
    public bool Stabilized => ProposedCapacity != RawProposal;

    /// <summary>Gets the rule's observation as one sentence, for example <c>rule 'rps-high' RequestsPerSecond = 41.7 &gt; 40 proposes 2</c>.</summary>
    public required string Explanation { get; init; }
}
