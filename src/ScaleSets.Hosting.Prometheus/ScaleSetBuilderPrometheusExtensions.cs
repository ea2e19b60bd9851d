using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ScaleSets.Hosting.Sources;
using ScaleSets.Prometheus;

namespace ScaleSets.Hosting;

/// <summary>
/// Declares a Prometheus metric source for a hosted scale set. It lives in this bridging package, not in
/// ScaleSets.Prometheus (usable without the generic host) nor in ScaleSets.Hosting (usable without Prometheus).
/// </summary>
public static class ScaleSetBuilderPrometheusExtensions
{
    /// <summary>
    /// Adds a <see cref="PrometheusMetricSource"/> feeding the scale set, created when the host starts on the registered
    /// <see cref="TimeProvider"/> and disposed with the container. When <see cref="PrometheusMetricsOptions.Instances"/> is
    /// not set, series are matched to the instances the scale set's compute provider lists.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Sets the server, the queries and the instance mapping.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public static ScaleSetBuilder AddPrometheusMetrics(this ScaleSetBuilder builder, Action<PrometheusMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PrometheusMetricsOptions();
        configure(options);
        var listFromProvider = options.Instances is null;
        IServiceProvider? services = null;
        Func<CancellationToken, Task<IReadOnlyList<Abstractions.InstanceInfo>>>? list = null;
        if (listFromProvider)
        {
            options.Instances = ct => (list ??= ScaleSetInstanceList.For(services!, builder.Name))(ct);
        }

        var problems = options.Validate($"scale set '{builder.Name}': {nameof(PrometheusMetricsOptions)}");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(configure));
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricSourceType, PrometheusMetricSourceType>());
        var key = new object();
        builder.Services.AddKeyedSingleton(key, (sp, _) =>
        {
            services = sp;
            return new PrometheusMetricSource(options, httpClient: null, sp.GetRequiredService<TimeProvider>());
        });
        return builder.AddMetricSource(sp => sp.GetRequiredKeyedService<PrometheusMetricSource>(key));
    }
}
