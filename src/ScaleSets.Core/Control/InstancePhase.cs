namespace ScaleSets.Control;

/// <summary>Where an instance is in its life, as the status counts it.</summary>
public enum InstancePhase
{
    /// <summary>Being created or started, not yet healthy for the first time.</summary>
    Creating,

    /// <summary>Healthy, but within its warm-up after turning healthy: its metrics do not count yet.</summary>
    WarmingUp,

    /// <summary>Healthy, warmed up and serving.</summary>
    InService,

    /// <summary>Being removed: drained from the pool, then deleted.</summary>
    Draining,

    /// <summary>Was healthy (or failed to start) and is not healthy now.</summary>
    Unhealthy,
}
