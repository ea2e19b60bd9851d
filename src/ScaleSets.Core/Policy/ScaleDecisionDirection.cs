namespace ScaleSets.Policy;

/// <summary>The direction of a scale decision.</summary>
public enum ScaleDecisionDirection
{
    /// <summary>The capacity stays as it is.</summary>
    None,

    /// <summary>Instances are added.</summary>
    Out,

    /// <summary>Instances are removed.</summary>
    In,
}
