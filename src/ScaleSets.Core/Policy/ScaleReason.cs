namespace ScaleSets.Policy;

/// <summary>Why an evaluation wanted the capacity it did.</summary>
public enum ScaleReason
{
    /// <summary>No rule asked for a change.</summary>
    NoChange,

    /// <summary>A scale-out rule was met; the one yielding the highest capacity acted.</summary>
    RuleScaleOut,

    /// <summary>Every scale-in rule was met; the one removing the fewest instances acted.</summary>
    RuleScaleIn,

    /// <summary>The capacity was below the active profile's minimum and was raised to it.</summary>
    ProfileMinimum,

    /// <summary>The capacity was above the active profile's maximum and was lowered to it.</summary>
    ProfileMaximum,

    /// <summary>A rule's metric had no data in its window and the capacity was below the profile's default, so it went to the default.</summary>
    MissingDataDefault,

    /// <summary>The predictive policy's forecast needs more capacity than the rules: it was provisioned ahead of demand.</summary>
    PredictiveFloor,

    /// <summary>The predictive policy (with scale-in allowed) forecast less demand, and no scale-in rule objected.</summary>
    PredictiveScaleIn,
}
