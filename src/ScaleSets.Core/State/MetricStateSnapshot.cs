namespace ScaleSets.State;

/// <summary>The metric windows' grains and the bookkeeping of ingestion that shapes decisions.</summary>
public sealed record MetricStateSnapshot
{
    /// <summary>Gets the grains of each series.</summary>
    public IReadOnlyList<SeriesSnapshot> Series { get; init; } = [];

    /// <summary>Gets the instances warming up and until when.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Warming { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>Gets the latest engine time the store saw, in UTC ticks (lateness is judged against it).</summary>
    public long LatestNowTicks { get; init; } = long.MinValue;

    /// <summary>Gets, per target-tracking metric, the UTC ticks of each instance's latest sample.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> LastSamples { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>Gets the instances marked not ready and until when.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> NotReady { get; init; } = new Dictionary<string, DateTimeOffset>();
}
