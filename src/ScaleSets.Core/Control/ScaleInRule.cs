namespace ScaleSets.Control;

/// <summary>Which instances scale-in removes, after balancing zones.</summary>
public enum ScaleInRule
{
    /// <summary>Balance zones, then remove the highest instance index (Azure's default).</summary>
    Default,

    /// <summary>Balance zones, then remove the newest instance.</summary>
    NewestVM,

    /// <summary>Balance zones, then remove the oldest instance.</summary>
    OldestVM,

    /// <summary>Balance zones, then remove the instance with the fewest active connections as the load balancer reports them.</summary>
    LeastLoaded,
}
