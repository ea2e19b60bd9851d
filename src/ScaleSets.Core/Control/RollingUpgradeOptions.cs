namespace ScaleSets.Control;

/// <summary>How a model change rolls over existing instances, with Azure's rolling upgrade defaults.</summary>
public sealed class RollingUpgradeOptions
{
    /// <summary>Gets or sets when upgrades start.</summary>
    /// <value>The default is <see cref="UpgradeMode.Manual"/>.</value>
    public UpgradeMode Mode { get; set; } = UpgradeMode.Manual;

    /// <summary>Gets or sets the share of the set upgraded in one batch, in percent (at least one instance per batch).</summary>
    /// <value>The default is 20. Allowed: 5 to 100.</value>
    public int MaxBatchInstancePercent { get; set; } = 20;

    /// <summary>Gets or sets the share of the whole set that may be unhealthy for a new batch to start, in percent.</summary>
    /// <value>The default is 20. Allowed: 5 to 100.</value>
    public int MaxUnhealthyInstancePercent { get; set; } = 20;

    /// <summary>Gets or sets the share of upgraded instances that may be unhealthy before the upgrade stops, in percent.</summary>
    /// <value>The default is 20. Allowed: 0 to 100.</value>
    public int MaxUnhealthyUpgradedInstancePercent { get; set; } = 20;

    /// <summary>Gets or sets the pause after a batch completes before the next starts.</summary>
    /// <value>The default is zero. Allowed: 0 to 1 hour.</value>
    public TimeSpan PauseTimeBetweenBatches { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets a value indicating whether unhealthy outdated instances are upgraded first.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool PrioritizeUnhealthyInstances { get; set; }

    /// <summary>Gets or sets a value indicating whether each batch creates its new instances before the old ones are removed (surge), so capacity never dips.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool MaxSurge { get; set; }
}
