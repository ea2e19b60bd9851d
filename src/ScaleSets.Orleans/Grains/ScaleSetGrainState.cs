namespace ScaleSets.Orleans.Grains;

/// <summary>
/// What a scale set's grain keeps in Orleans grain storage, in one row written with ETag concurrency: the definition, the
/// desired capacity, the protected instances, the controller's state and (a seam, see <see cref="AutoscalerSnapshot"/>) the
/// autoscaler's state.
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
    /// UNFINISHED SEAM: the autoscaler's snapshot (issue 19 section 1, IAutoscalerStateStore, built on another branch). Never
    /// written yet: until it is, a new activation starts the autoscaler afresh (no cooldown, no stabilization history) from
    /// <see cref="DesiredCapacity"/>.
    /// </summary>
    [Id(4)]
    public byte[]? AutoscalerSnapshot { get; set; }

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
}
