namespace ScaleSets.State;

/// <summary>
/// Everything one scale set's autoscaler needs to decide after a restart as if it had never stopped: the policy's
/// cooldown and recent changes, each rule's recommendation history, the adaptive stabilizer's replays, the forecaster's
/// history and what refits its model deterministically, the metric windows and the instance census.
/// </summary>
/// <remarks>
/// A plain record of public properties, serializable with System.Text.Json (and by any serializer of plain records, such
/// as Orleans grain storage). <see cref="Version"/> says which shape it has; a reader refuses a version it does not know
/// (<see cref="AutoscalerSnapshotVersionException"/>) instead of guessing. The snapshot is tied to the setting it was
/// taken under: a profile or rule whose name or kind no longer matches starts fresh when it is restored.
/// </remarks>
public sealed record AutoscalerSnapshot
{
    /// <summary>The version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Gets the shape of the snapshot; <see cref="CurrentVersion"/> when written by this library.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Gets the scale set's name.</summary>
    public required string ScaleSet { get; init; }

    /// <summary>Gets the name of the autoscale setting in force when the snapshot was taken.</summary>
    public string? SettingName { get; init; }

    /// <summary>Gets the engine time the snapshot was taken at.</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>Gets the capacity the autoscaler believed the set had.</summary>
    public int Capacity { get; init; }

    /// <summary>Gets the number of evaluations so far (the sequence number of the last decision).</summary>
    public long Sequence { get; init; }

    /// <summary>Gets the time of the last evaluation, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastEvaluation { get; init; }

    /// <summary>Gets the index of the profile the last evaluation used, or -1 before the first.</summary>
    public int LastProfile { get; init; } = -1;

    /// <summary>Gets the end of the cooldown of the last action, or <see langword="null"/>.</summary>
    public DateTimeOffset? CooldownUntil { get; init; }

    /// <summary>Gets the recent capacity changes (time, signed change) that target tracking's rate policies count.</summary>
    public IReadOnlyList<TimedCount> ScaleEvents { get; init; } = [];

    /// <summary>Gets the state of each profile's rules.</summary>
    public IReadOnlyList<ProfileStateSnapshot> Profiles { get; init; } = [];

    /// <summary>Gets the forecaster's state, or <see langword="null"/> without a predictive policy.</summary>
    public PredictiveStateSnapshot? Predictive { get; init; }

    /// <summary>Gets the metric windows and the instance bookkeeping, or <see langword="null"/> when they are rebuilt from the sources.</summary>
    public MetricStateSnapshot? Metrics { get; init; }

    /// <summary>Throws when <paramref name="snapshot"/> has a version this library cannot read.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="location">Where it was read from, for the message.</param>
    /// <exception cref="AutoscalerSnapshotVersionException">The version is unknown.</exception>
    public static void ThrowIfUnsupported(AutoscalerSnapshot snapshot, string location)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Version != CurrentVersion)
        {
            throw new AutoscalerSnapshotVersionException(location, snapshot.Version);
        }
    }
}
