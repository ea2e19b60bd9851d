namespace ScaleSets.Engine;

/// <summary>The conditions of a scale set's status, in the sense of Kubernetes' HorizontalPodAutoscaler.</summary>
public enum ScaleSetConditionType
{
    /// <summary>Whether the autoscaler may change the capacity now (false while disabled, paused at zero or cooling down).</summary>
    AbleToScale,

    /// <summary>Whether the rules can compute a capacity: they have data (false when every rule's metric is missing, or before the first evaluation).</summary>
    ScalingActive,

    /// <summary>Whether the capacity the rules want is held by the profile's minimum or maximum.</summary>
    ScalingLimited,
}
