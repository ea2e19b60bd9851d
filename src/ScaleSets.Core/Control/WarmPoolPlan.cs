namespace ScaleSets.Control;

/// <summary>What the <see cref="WarmPoolPlanner"/> decided for one pass; the controller applies it under its gate.</summary>
internal sealed class WarmPoolPlan
{
    /// <summary>Gets the prepared instances a scale-out takes, each with the index of the planned create it replaces.</summary>
    public List<(PooledInstance Instance, int CreateIndex)> Takes { get; } = [];

    /// <summary>Gets the booted instances to stop (a pool kept <see cref="WarmPoolState.Stopped"/>).</summary>
    public List<PooledInstance> Stops { get; } = [];

    /// <summary>Gets the instances to delete with why: outdated, broken, surplus, not prepared in time.</summary>
    public List<(PooledInstance Instance, string Why)> Removals { get; } = [];

    /// <summary>Gets the zone of each instance to create to refill the pool, in order.</summary>
    public List<string> RefillZones { get; } = [];

    /// <summary>Gets the pool's target size this pass.</summary>
    public int TargetSize { get; set; }

    public bool IsEmpty => Takes.Count == 0 && Stops.Count == 0 && Removals.Count == 0 && RefillZones.Count == 0;
}
