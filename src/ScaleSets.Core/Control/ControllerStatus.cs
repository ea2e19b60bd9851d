namespace ScaleSets.Control;

/// <summary>
/// The controller's side of a scale set's status at one instant (<see cref="ScaleSetController.GetStatus"/>): the desired
/// capacity, every instance with its phase, the counts by phase and by zone, the latest pass, and the recent events.
/// </summary>
public sealed record ControllerStatus
{
    /// <summary>Gets the scale set's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the status was taken, on the controller's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets the desired capacity, or <see langword="null"/> before one is set.</summary>
    public int? DesiredCapacity { get; init; }

    /// <summary>Gets the model version new instances are created from.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>Gets whether a rolling upgrade is under way.</summary>
    public required bool Upgrading { get; init; }

    /// <summary>Gets whether automatic repairs are suspended.</summary>
    public required bool RepairsSuspended { get; init; }

    /// <summary>Gets every instance the controller tracks, ordered by id.</summary>
    public required IReadOnlyList<InstanceStatusEntry> Instances { get; init; }

    /// <summary>Gets the instances by phase.</summary>
    public required InstancePhaseCounts Counts { get; init; }

    /// <summary>Gets the instances of each zone by phase, ordered by zone.</summary>
    public required IReadOnlyList<ZoneStatus> Zones { get; init; }

    /// <summary>Gets the warm pool (instances prepared beside the set, not counted in <see cref="Instances"/> or <see cref="Counts"/>), or <see langword="null"/> when the set has none.</summary>
    public WarmPoolStatus? WarmPool { get; init; }

    /// <summary>Gets the latest reconcile pass's summary, or <see langword="null"/> before the first.</summary>
    public ReconcileResult? LastPass { get; init; }

    /// <summary>Gets the latest controller events, oldest first, at most <see cref="ScaleSetController.RecentEventCapacity"/>.</summary>
    public required IReadOnlyList<ControllerEvent> RecentEvents { get; init; }
}
