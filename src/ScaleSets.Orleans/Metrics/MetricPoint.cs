using ScaleSets.Metrics;

namespace ScaleSets.Orleans.Metrics;

/// <summary>One <see cref="MetricSample"/> as it crosses the cluster inside a <see cref="MetricBatch"/>.</summary>
[GenerateSerializer]
internal sealed class MetricPoint
{
    [Id(0)]
    public string Metric { get; init; } = string.Empty;

    [Id(1)]
    public int Source { get; init; }

    [Id(2)]
    public double Value { get; init; }

    [Id(3)]
    public DateTimeOffset Timestamp { get; init; }

    [Id(4)]
    public string? Instance { get; init; }

    [Id(5)]
    public Dictionary<string, string>? Dimensions { get; init; }

    public static MetricPoint From(in MetricSample sample) => new()
    {
        Metric = sample.Metric,
        Source = (int)sample.Source,
        Value = sample.Value,
        Timestamp = sample.Timestamp,
        Instance = sample.Instance,
        Dimensions = sample.Dimensions is null ? null : new Dictionary<string, string>(sample.Dimensions, StringComparer.Ordinal),
    };

    public MetricSample ToSample() => new(Metric, (MetricSourceKind)Source, Value, Timestamp, Instance, Dimensions);
}
