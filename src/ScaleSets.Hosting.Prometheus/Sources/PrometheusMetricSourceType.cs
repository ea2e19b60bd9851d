using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Metrics;
using ScaleSets.Prometheus;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// <c>"Type": "Prometheus"</c>: a <see cref="PrometheusMetricSource"/>. Keys: <c>ServerUri</c>, <c>Queries</c> (a list of
/// <c>Metric</c>, <c>Query</c>, <c>Source</c>, <c>PerInstance</c>, <c>InstanceLabel</c>), <c>InstanceLabel</c>,
/// <c>InstanceMatch</c>, <c>InstanceTemplate</c>, <c>SourceName</c>, <c>MaxResponseBytes</c>. Series are matched to the
/// instances the scale set's compute provider lists.
/// </summary>
internal sealed class PrometheusMetricSourceType : IMetricSourceType
{
    public string Name => "Prometheus";

    public IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        var (options, problems) = Read(source, services);
        return [.. problems, .. options.Validate(source.Path)];
    }

    public IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services) =>
        new PrometheusMetricSource(Read(source, services).Options, httpClient: null, services.GetRequiredService<TimeProvider>());

    private static (PrometheusMetricsOptions Options, IReadOnlyList<string> Problems) Read(MetricSourceConfiguration source, IServiceProvider services)
    {
        var entry = new Entry();
        var problems = source.Bind(entry);
        var options = new PrometheusMetricsOptions
        {
            SourceName = entry.SourceName ?? "prometheus",
            InstanceLabel = entry.InstanceLabel ?? "instance",
            InstanceMatch = entry.InstanceMatch ?? PrometheusInstanceMatch.Id,
            InstanceTemplate = entry.InstanceTemplate,
            MaxResponseBytes = entry.MaxResponseBytes ?? PrometheusMetricsOptions.DefaultMaxResponseBytes,
            Instances = ScaleSetInstanceList.For(services, source.ScaleSet),
        };
        if (entry.ServerUri is { } uri)
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            {
                options.ServerUri = parsed;
            }
            else
            {
                problems = [.. problems, $"{source.PathOf(nameof(Entry.ServerUri))}: '{uri}' is not an absolute address (for example http://127.0.0.1:9090/)."];
            }
        }

        foreach (var query in entry.Queries ?? [])
        {
            options.Queries.Add(query);
        }

        source.CopyPolling(options.Polling);
        return (options, problems);
    }

    /// <summary>The entry's own keys.</summary>
    private sealed class Entry
    {
        public string? ServerUri { get; set; }

        public string? SourceName { get; set; }

        public string? InstanceLabel { get; set; }

        public PrometheusInstanceMatch? InstanceMatch { get; set; }

        public string? InstanceTemplate { get; set; }

        public int? MaxResponseBytes { get; set; }

        public List<PrometheusQuery>? Queries { get; set; }
    }
}
