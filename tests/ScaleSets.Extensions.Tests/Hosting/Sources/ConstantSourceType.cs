using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Hosting.Sources;
using ScaleSets.Metrics;
using ScaleSets.Sources;

namespace ScaleSets.Extensions.Tests.Hosting.Sources;

/// <summary>A source type registered by a user: reports <see cref="ConstantOptions.Value"/> as a set-level metric at every poll.</summary>
internal sealed class ConstantSourceType : IMetricSourceType
{
    public string Name => "Constant";

    public List<PolledMetricSource> Created { get; } = [];

    public IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        var options = new ConstantOptions();
        var problems = new List<string>(source.Bind(options));
        if (string.IsNullOrWhiteSpace(options.Metric))
        {
            problems.Add($"{source.PathOf(nameof(ConstantOptions.Metric))}: is required.");
        }

        return problems;
    }

    public IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services)
    {
        var options = new ConstantOptions();
        source.Bind(options);
        var created = new PolledMetricSource($"constant {options.Metric}", new Poller(options), source.Polling, services.GetRequiredService<TimeProvider>());
        Created.Add(created);
        return created;
    }

    private sealed class Poller(ConstantOptions options) : IMetricPoller
    {
        public ValueTask<MetricPoll> PollAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
            ValueTask.FromResult(MetricPoll.Of([new MetricSample(options.Metric!, MetricSourceKind.Custom, options.Value, now)]));
    }
}

/// <summary>The options of <see cref="ConstantSourceType"/>.</summary>
internal sealed class ConstantOptions
{
    public string? Metric { get; set; }

    public double Value { get; set; }
}
