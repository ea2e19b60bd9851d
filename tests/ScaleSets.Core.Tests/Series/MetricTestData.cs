using ScaleSets.Engine;
using ScaleSets.Metrics;
using ScaleSets.Model;
using ScaleSets.Series;

namespace ScaleSets.Tests.Series;

internal static class MetricTestData
{
    public const string Cpu = "Percentage CPU";

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static MetricTrigger Trigger(
        string metric = Cpu,
        int grainMinutes = 1,
        int windowMinutes = 5,
        MetricStatistic statistic = MetricStatistic.Average,
        TimeAggregationType aggregation = TimeAggregationType.Average,
        MetricSourceKind? source = null,
        MetricDimensionFilter[]? dimensions = null) => new()
        {
            MetricName = metric,
            TimeGrain = TimeSpan.FromMinutes(grainMinutes),
            TimeWindow = TimeSpan.FromMinutes(windowMinutes),
            Statistic = statistic,
            TimeAggregation = aggregation,
            Source = source,
            Dimensions = [.. dimensions ?? []],
        };

    public static MetricDimensionFilter Filter(string name, DimensionOperator op, params string[] values) =>
        new() { Name = name, Operator = op, Values = [.. values] };

    public static MetricSample Sample(
        double minutes,
        double value,
        string? instance = "vm-0",
        string metric = Cpu,
        MetricSourceKind source = MetricSourceKind.Host,
        IReadOnlyDictionary<string, string>? dimensions = null) =>
        new(metric, source, value, At(minutes), instance, dimensions);

    public static MetricStore Store(params MetricTrigger[] triggers) => new(triggers, new AutoscaleEngineOptions().SampleLimits());

    public static MetricStore Store(AutoscaleEngineOptions options, params MetricTrigger[] triggers) => new(triggers, options.SampleLimits());

    /// <summary>Ingests with <c>now</c> equal to the sample's timestamp, the usual case of a prompt reporter.</summary>
    public static IngestOutcome IngestNow(this MetricStore store, MetricSample sample, int source = 0) =>
        store.Ingest(in sample, sample.Timestamp, source);
}
