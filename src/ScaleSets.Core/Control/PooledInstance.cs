using ScaleSets.Abstractions;

namespace ScaleSets.Control;

/// <summary>
/// One instance of the warm pool: it exists at the provider but is not part of the set (no load balancer member, not counted
/// in its capacity). Changed only under the controller's gate.
/// </summary>
internal sealed class PooledInstance
{
    public PooledInstance(InstanceInfo info, int index, DateTimeOffset since)
    {
        Info = info;
        Index = index;
        Since = since;
    }

    public InstanceInfo Info { get; set; }

    /// <summary>Gets the numeric index of the instance's name; -1 when it has none.</summary>
    public int Index { get; }

    public string Id => Info.Id;

    public string Zone => Info.Zone;

    /// <summary>Gets when it entered the pool (created, returned on scale-in, or restored): how long its preparation has taken.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Gets or sets a value indicating whether it has been seen running and healthy (its first boot, its initialization, is done).</summary>
    public bool BootedOnce { get; set; }

    /// <summary>Gets or sets a value indicating whether a stop was asked for and the provider has not yet reported it stopped.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Gets or sets why it must be replaced (a start or a stop failed), or <see langword="null"/>.</summary>
    public string? Broken { get; set; }

    /// <summary>Gets or sets why it is being deleted, or <see langword="null"/> while it stays in the pool.</summary>
    public string? Removal { get; set; }

    /// <summary>Gets or sets the number of the controller's last observation that listed it.</summary>
    public long Observation { get; set; }

    public bool IsRemoving => Removal is not null;

    /// <summary>Whether it is ready to be taken: booted once and now in the pool's state (stopped, or running and healthy).</summary>
    public bool IsPrepared(WarmPoolState state) =>
        state == WarmPoolState.Stopped
            ? BootedOnce && Info.State == InstanceState.Stopped
            : BootedOnce && Info.State == InstanceState.Running && Info.Health == InstanceHealth.Healthy;
}
