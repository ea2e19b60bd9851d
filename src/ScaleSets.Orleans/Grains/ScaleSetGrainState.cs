namespace ScaleSets.Orleans.Grains;

/// <summary>
/// What a scale set's grain keeps in Orleans grain storage, in one row written with ETag concurrency: the definition, the
/// desired capacity, the protected instances, the controller's state, the autoscaler's snapshot and the set's trail
/// (recent decisions and controller events).
/// </summary>
[GenerateSerializer]
internal sealed class ScaleSetGrainState
{
    [Id(0)]
    public ScaleSetDefinition? Definition { get; set; }

    /// <summary>The controller's desired capacity, written before each pass acts, so the next activation goes on from it.</summary>
    [Id(1)]
    public int? DesiredCapacity { get; set; }

    [Id(2)]
    public HashSet<string> ProtectedInstances { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The controller's <see cref="Control.ControllerState"/> as the file store writes it (JSON), or <see langword="null"/>.</summary>
    [Id(3)]
    public string? ControllerStateJson { get; set; }

    /// <summary>
    /// The autoscaler's <see cref="State.AutoscalerSnapshot"/> as JSON (cooldown, stabilization histories, forecaster,
    /// metric windows), written after each evaluation before the pass acts on it (<see cref="GrainAutoscalerStateStore"/>),
    /// or <see langword="null"/> before the first.
    /// </summary>
    [Id(4)]
    public string? AutoscalerSnapshotJson { get; set; }

    /// <summary>How many times this state was written, across activations.</summary>
    [Id(5)]
    public long Generation { get; set; }

    /// <summary>The activation that wrote last (silo and activation id), for the status and for diagnosing a refused write.</summary>
    [Id(6)]
    public string? WrittenBy { get; set; }

    /// <summary>
    /// Creates sent to the provider whose answer this activation has not yet had. A new activation sends them again, with
    /// the same names and client tokens (so the provider returns the instance made the first time, or makes it now),
    /// before its first pass: an in-flight create is finished, never repeated under a new name.
    /// </summary>
    [Id(7)]
    public List<PendingCreate> PendingCreates { get; set; } = [];

    /// <summary>How many autoscaler snapshots were written to this row: the snapshot's tag.</summary>
    [Id(8)]
    public long AutoscalerSnapshotVersion { get; set; }

    /// <summary>The set's most recent decisions, oldest first, across activations (the status shows them).</summary>
    [Id(9)]
    public List<ScaleSetDecisionRecord> RecentDecisions { get; set; } = [];

    /// <summary>The set's most recent controller and activation events, oldest first, across activations.</summary>
    [Id(10)]
    public List<string> RecentEvents { get; set; } = [];

    /// <summary>
    /// The model version a rolling upgrade was asked for (<see cref="Grains.IScaleSetGrain.StartRollingUpgradeAsync"/>),
    /// until it completes or stops: a new activation starts it again, so a manual upgrade survives a move.
    /// </summary>
    [Id(11)]
    public string? UpgradeRequestedVersion { get; set; }
}
