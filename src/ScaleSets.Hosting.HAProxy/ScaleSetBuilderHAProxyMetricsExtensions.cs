using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.HAProxy;
using ScaleSets.HAProxy.Metrics;

namespace ScaleSets.Hosting;

/// <summary>Declares an HAProxy metric source for a hosted scale set in code (configuration declares it in <c>Sources</c>).</summary>
public static class ScaleSetBuilderHAProxyMetricsExtensions
{
    /// <summary>
    /// Adds an HAProxy metric source: the backend's request rate and the other metrics of <see cref="HAProxyMetricNames"/>,
    /// per instance from the servers the HAProxy adapter named after them. Its options are the named
    /// <see cref="HAProxyMetricsOptions"/> of the scale set's name; they start from the scale set's
    /// <see cref="HAProxyLoadBalancerOptions"/> (socket, backend, server name prefix), so with <c>AddHAProxyLoadBalancer</c>
    /// nothing needs repeating, and are validated when the host starts (every problem reported). The source is polled on the
    /// registered <see cref="TimeProvider"/> and disposed with the container.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Sets the options (the backend when no load balancer names it, the polling interval…); may be <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetBuilder AddHAProxyMetrics(this ScaleSetBuilder builder, Action<HAProxyMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        builder.AddAdapterOptions<HAProxyMetricsOptions>("HAProxy metrics", static o => o.Validate())
            .Configure<IOptionsMonitor<HAProxyLoadBalancerOptions>>((options, loadBalancer) => options.UseLoadBalancer(loadBalancer.Get(name)))
            .Configure(configure ?? (static _ => { }));
        builder.Services.AddHAProxySourceType();
        builder.Services.AddKeyedSingleton(name, static (sp, key) => HAProxyMetrics.CreateSource(
            sp.GetRequiredService<IOptionsMonitor<HAProxyMetricsOptions>>().Get((string)key!),
            sp.GetRequiredService<TimeProvider>()));
        return builder.AddMetricSource(sp => sp.GetRequiredKeyedService<ScaleSets.Sources.PolledMetricSource>(name));
    }
}
