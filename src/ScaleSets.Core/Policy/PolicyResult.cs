namespace ScaleSets.Policy;

/// <summary>The outcome of one policy evaluation, before it is turned into a <see cref="ScaleDecision"/>.</summary>
internal readonly record struct PolicyResult(
    int From,
    int To,
    int Wanted,
    ScaleReason Reason,
    ScaleBlockReason Blocked,
    int ActingRule,
    DateTimeOffset? CooldownUntil)
{
    /// <summary>Gets whether the result is worth reporting as a decision: a change, or a change that was blocked.</summary>
    public bool IsNotable => To != From || Wanted != From;
}
