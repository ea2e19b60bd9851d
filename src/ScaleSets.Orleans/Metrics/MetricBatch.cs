using ScaleSets.Metrics;

namespace ScaleSets.Orleans.Metrics;

/// <summary>Metric samples for one scale set, sent to its grain in one call (<c>IScaleSetGrain.IngestAsync</c>).</summary>
[GenerateSerializer]
[Immutable]
public sealed class MetricBatch
{
    /// <summary>Creates a batch of <paramref name="samples"/>.</summary>
    /// <param name="samples">The samples, in the order they were taken.</param>
    public MetricBatch(IEnumerable<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Points = [.. samples.Select(s => MetricPoint.From(s))];
    }

    /// <summary>Gets how many samples the batch holds.</summary>
    public int Count => Points.Count;

    [Id(0)]
    internal List<MetricPoint> Points { get; init; }

    /// <summary>Returns the samples.</summary>
    /// <returns>The samples, in order.</returns>
    public MetricSample[] ToSamples() => [.. Points.Select(p => p.ToSample())];
}
