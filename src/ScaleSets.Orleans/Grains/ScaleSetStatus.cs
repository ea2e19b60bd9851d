namespace ScaleSets.Orleans.Grains;

/// <summary>What a scale set's grain reports: its definition's state, its capacity and the last decision and pass.</summary>
[GenerateSerializer]
public sealed class ScaleSetStatus
{
    /// <summary>Gets the scale set's name.</summary>
    [Id(0)]
    public string Name { get; init; } = string.Empty;

    /// <summary>Gets whether the set has a definition (an undefined set does nothing).</summary>
    [Id(1)]
    public bool IsDefined { get; init; }

    /// <summary>Gets the desired capacity, or <see langword="null"/> before the first pass set it.</summary>
    [Id(2)]
    public int? DesiredCapacity { get; init; }

    /// <summary>Gets how many instances the last pass saw, or <see langword="null"/> before the first pass.</summary>
    [Id(3)]
    public int? Instances { get; init; }

    /// <summary>Gets how many instances were ready (healthy, in the pool, warmed up) in the last pass.</summary>
    [Id(4)]
    public int? Ready { get; init; }

    /// <summary>Gets whether the last pass found the set as wanted.</summary>
    [Id(5)]
    public bool Converged { get; init; }

    /// <summary>Gets the model version new instances get.</summary>
    [Id(6)]
    public string? ModelVersion { get; init; }

    /// <summary>Gets the last evaluation's explanation, or <see langword="null"/> before the first.</summary>
    [Id(7)]
    public string? LastDecision { get; init; }

    /// <summary>Gets the instances protected from scale-in through <see cref="IScaleSetGrain.SetProtectionAsync"/>.</summary>
    [Id(8)]
    public IReadOnlyList<string> ProtectedInstances { get; init; } = [];

    /// <summary>Gets the silo the answering activation runs on.</summary>
    [Id(9)]
    public string Silo { get; init; } = string.Empty;

    /// <summary>Gets how many times the set's state was written (the ETag's generation, across activations).</summary>
    [Id(10)]
    public long Generation { get; init; }

    /// <summary>Gets how many metric samples this activation's autoscaler accepted.</summary>
    [Id(11)]
    public long SamplesAccepted { get; init; }

    /// <summary>
    /// Gets the set's most recent controller and activation events (time, kind, instance, message), oldest first: those
    /// of earlier activations (as far as their last state write) followed by this one's.
    /// </summary>
    [Id(12)]
    public IReadOnlyList<string> RecentEvents { get; init; } = [];

    /// <summary>Gets the set's most recent decisions, oldest first, across activations, numbered without a gap.</summary>
    [Id(13)]
    public IReadOnlyList<ScaleSetDecisionRecord> RecentDecisions { get; init; } = [];
}
