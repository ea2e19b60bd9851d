namespace ScaleSets.Model;

/// <summary>Which rate policy limits a target-tracking change when several apply (Kubernetes HPA's <c>selectPolicy</c>).</summary>
public enum ScalingPolicySelect
{
    /// <summary>The policy that allows the largest change.</summary>
    Max,

    /// <summary>The policy that allows the smallest change.</summary>
    Min,

    /// <summary>No change in this direction at all.</summary>
    Disabled,
}
