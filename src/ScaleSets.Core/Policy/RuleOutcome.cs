namespace ScaleSets.Policy;

/// <summary>What one rule concluded in one evaluation.</summary>
public enum RuleOutcome
{
    /// <summary>The trigger's condition was met and the rule proposes a capacity.</summary>
    Met,

    /// <summary>The trigger's condition was not met.</summary>
    NotMet,

    /// <summary>The rule's metric had no data in its time window.</summary>
    MissingData,

    /// <summary>A step rule's condition was met but no step covers the breach.</summary>
    NoStepMatched,

    /// <summary>A target-tracking rule's observed value is within the tolerance of the target.</summary>
    WithinTolerance,

    /// <summary>A target-tracking rule proposes the current capacity after stabilization or rate limits.</summary>
    Held,
}
