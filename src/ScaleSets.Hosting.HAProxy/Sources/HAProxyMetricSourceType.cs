using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.HAProxy;
using ScaleSets.HAProxy.Metrics;
using ScaleSets.Metrics;

namespace ScaleSets.Hosting.Sources;

/// <summary>
/// The <c>HAProxy</c> source type: <c>SocketAddress</c>, <c>AllowNonLoopbackSocket</c>, <c>BackendName</c> and
/// <c>ServerNamePrefix</c> of <see cref="HAProxyMetricsOptions"/>, each defaulting to the scale set's HAProxy load balancer
/// options (so an entry of only <c>"Type": "HAProxy"</c> reads the backend the adapter manages).
/// </summary>
internal sealed class HAProxyMetricSourceType : IMetricSourceType
{
    public string Name => "HAProxy";

    public IReadOnlyList<string> Validate(MetricSourceConfiguration source, IServiceProvider services)
    {
        var options = Read(source, services, out var problems);
        return [.. problems, .. options.Validate(source.Path).Where(p => !IsPolling(p, source))];
    }

    public IObservable<MetricSample> Create(MetricSourceConfiguration source, IServiceProvider services) =>
        HAProxyMetrics.CreateSource(Read(source, services, out _), services.GetRequiredService<TimeProvider>());

    private static HAProxyMetricsOptions Read(MetricSourceConfiguration source, IServiceProvider services, out IReadOnlyList<string> problems)
    {
        var options = new HAProxyMetricsOptions().UseLoadBalancer(services.GetRequiredService<IOptionsMonitor<HAProxyLoadBalancerOptions>>().Get(source.ScaleSet));
        problems = source.Bind(options);
        options.Polling.Interval = source.Polling.Interval;
        options.Polling.Timeout = source.Polling.Timeout;
        options.Polling.MaxRetryAttempts = source.Polling.MaxRetryAttempts;
        options.Polling.RetryDelay = source.Polling.RetryDelay;
        return options;
    }

    // The polling options were checked with the entry already.
    private static bool IsPolling(string problem, MetricSourceConfiguration source) =>
        MetricSourceConfiguration.CommonKeys.Any(k => problem.StartsWith(source.PathOf(k), StringComparison.Ordinal));
}
