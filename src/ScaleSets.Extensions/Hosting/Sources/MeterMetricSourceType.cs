using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Metrics;
using ScaleSets.Sources.Meters;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// <c>"Type": "Meter"</c>: a <see cref="MeterMetricSource"/> on the process's own instruments. Keys: <c>Instruments</c> (a
/// list of <c>MeterName</c>, <c>InstrumentName</c>, <c>Metric</c>, <c>Source</c>, <c>InstanceTag</c>,
/// <c>HistogramAggregation</c>, <c>Percentile</c>), <c>SourceName</c>, <c>MaxHistogramValues</c>.
/// </summary>
internal sealed class MeterMetricSourceType : IMetricSourceType
{
    public string Name => "Meter";

    public IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        var (options, problems) = Read(source);
        return [.. problems, .. options.Validate(source.Path)];
    }

    public IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services) =>
        new MeterMetricSource(Read(source).Options, services.GetRequiredService<TimeProvider>());

    private static (MeterMetricsOptions Options, IReadOnlyList<string> Problems) Read(MetricSourceConfiguration source)
    {
        var entry = new Entry();
        var problems = source.Bind(entry);
        var options = new MeterMetricsOptions
        {
            SourceName = entry.SourceName ?? "meters",
            MaxHistogramValues = entry.MaxHistogramValues ?? 10_000,
        };
        foreach (var instrument in entry.Instruments ?? [])
        {
            options.Instruments.Add(instrument);
        }

        source.CopyPolling(options.Polling);
        return (options, problems);
    }

    /// <summary>The entry's own keys.</summary>
    private sealed class Entry
    {
        public string? SourceName { get; set; }

        public int? MaxHistogramValues { get; set; }

        public List<MeterInstrument>? Instruments { get; set; }
    }
}
