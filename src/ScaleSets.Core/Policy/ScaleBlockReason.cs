namespace ScaleSets.Policy;

/// <summary>Why a change that the rules asked for did not happen.</summary>
public enum ScaleBlockReason
{
    /// <summary>Nothing blocked the evaluation.</summary>
    None,

    /// <summary>The cooldown of the previous action has not passed.</summary>
    Cooldown,

    /// <summary>Every smaller capacity would make a scale-out rule fire at once (Azure's flapping guard).</summary>
    Flapping,

    /// <summary>The capacity is already at the profile's maximum.</summary>
    AtMaximum,

    /// <summary>The capacity is already at the profile's minimum.</summary>
    AtMinimum,

    /// <summary>Not every scale-in rule was met (for example one had no data), so no scale-in.</summary>
    ScaleInNotUnanimous,

    /// <summary>A scale-in would go below the capacity the predictive policy's forecast needs.</summary>
    PredictiveFloor,

    /// <summary>The setting is disabled: it evaluates and explains but never acts.</summary>
    SettingDisabled,

    /// <summary>
    /// The set is at zero instances with a profile minimum above zero, and the setting pauses autoscaling there
    /// (Kubernetes HPA: "scaling is disabled since the replica count of the target is zero").
    /// </summary>
    PausedAtZero,
}
