namespace ScaleSets.State;

/// <summary>The grains of one metric series that held samples.</summary>
public sealed record SeriesSnapshot
{
    /// <summary>Gets the series' key (metric, source, grain, dimensions); a restore matches it.</summary>
    public required string Key { get; init; }

    /// <summary>Gets whether a sample named an instance (a per-instance series).</summary>
    public bool HasInstanceSamples { get; init; }

    /// <summary>Gets the grains with samples, oldest first.</summary>
    public IReadOnlyList<GrainSnapshot> Grains { get; init; } = [];
}
