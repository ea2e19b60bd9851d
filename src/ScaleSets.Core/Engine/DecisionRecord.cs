using ScaleSets.Policy;

namespace ScaleSets.Engine;

/// <summary>A published decision as the status keeps it: what changed (or was refused), why, in one sentence.</summary>
public sealed record DecisionRecord
{
    /// <summary>Gets the decision's id (<c>scaleSet#sequence</c>), the cause id of what the controller did for it.</summary>
    public required string Id { get; init; }

    /// <summary>Gets when the evaluation ran.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets the active profile's name.</summary>
    public required string Profile { get; init; }

    /// <summary>Gets the capacity before the decision.</summary>
    public required int From { get; init; }

    /// <summary>Gets the capacity after the decision.</summary>
    public required int To { get; init; }

    /// <summary>Gets the capacity the rules asked for before anything blocked it.</summary>
    public required int Wanted { get; init; }

    /// <summary>Gets the direction of the change.</summary>
    public required ScaleDecisionDirection Direction { get; init; }

    /// <summary>Gets why the rules wanted <see cref="Wanted"/>.</summary>
    public required ScaleReason Reason { get; init; }

    /// <summary>Gets what refused the change, if anything.</summary>
    public required ScaleBlockReason Blocked { get; init; }

    /// <summary>Gets the name of the rule that acted or wanted to act, or <see langword="null"/>.</summary>
    public string? Rule { get; init; }

    /// <summary>Gets the decision explained in one sentence (<see cref="ScaleDecision.Explain"/>).</summary>
    public required string Explanation { get; init; }

    /// <summary>Makes the record of a decision.</summary>
    /// <param name="decision">The decision.</param>
    /// <returns>The record.</returns>
    public static DecisionRecord Of(ScaleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new DecisionRecord
        {
            Id = decision.Id,
            Time = decision.Time,
            Profile = decision.Profile,
            From = decision.From,
            To = decision.To,
            Wanted = decision.Wanted,
            Direction = decision.Direction,
            Reason = decision.Reason,
            Blocked = decision.Blocked,
            Rule = decision.ActingRuleName,
            Explanation = decision.Explain(),
        };
    }
}
