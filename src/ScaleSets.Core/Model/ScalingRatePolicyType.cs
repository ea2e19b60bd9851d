namespace ScaleSets.Model;

/// <summary>The unit of a rate policy.</summary>
public enum ScalingRatePolicyType
{
    /// <summary>At most <c>value</c> instances per period (HPA's <c>Pods</c>).</summary>
    Instances,

    /// <summary>At most <c>value</c> percent of the capacity at the start of the period, per period.</summary>
    Percent,

    /// <summary>Kubernetes' name for <see cref="Instances"/>, as an HPA manifest writes it (<c>type: Pods</c>); the same limit.</summary>
    Pods,
}
