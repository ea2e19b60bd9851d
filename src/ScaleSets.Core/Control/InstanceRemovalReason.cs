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

    /// <summary>
    /// It was created in a scale-out wave whose creates in another zone failed as unavailable, and strict zone balance does not
    /// allow it to stay; only instances of that same wave are ever rolled back.
    /// </summary>
    ZoneRollback,
}
