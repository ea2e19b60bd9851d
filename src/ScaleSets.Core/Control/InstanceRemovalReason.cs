namespace ScaleSets.Control;

/// <summary>Why the controller is removing an instance.</summary>
public enum InstanceRemovalReason
{
    /// <summary>It is not being removed.</summary>
    None,

    /// <summary>Scale-in (including extra overprovisioned instances and zone rebalancing).</summary>
    ScaleIn,

    /// <summary>Automatic repair replaces it.</summary>
    Repair,

    /// <summary>A rolling upgrade replaces it.</summary>
    Upgrade,
}
