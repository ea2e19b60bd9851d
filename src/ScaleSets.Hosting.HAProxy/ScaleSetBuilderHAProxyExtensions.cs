using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScaleSets.HAProxy;
using ScaleSets.Hosting.Sources;

namespace ScaleSets.Hosting;

/// <summary>
/// Declares the HAProxy load balancer for a hosted scale set. It lives in this bridging package, not in ScaleSets.HAProxy
/// (usable without the generic host) nor in ScaleSets.Hosting (usable without HAProxy).
/// </summary>
public static class ScaleSetBuilderHAProxyExtensions
{
    /// <summary>
    /// Uses an <see cref="HAProxyLoadBalancer"/> as the scale set's load balancer. Its options are the named
    /// <see cref="HAProxyLoadBalancerOptions"/> of the scale set's name, validated when the host starts (every problem reported);
    /// the adapter is a keyed singleton (key: the scale set's name) on the registered <see cref="TimeProvider"/>, disposed with the container.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Sets the options, for example the socket address and backend name.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetBuilder AddHAProxyLoadBalancer(this ScaleSetBuilder builder, Action<HAProxyLoadBalancerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        builder.AddAdapterOptions<HAProxyLoadBalancerOptions>("HAProxy load balancer", static o => o.Validate()).Configure(configure);
        builder.Services.AddHAProxySourceType();
        builder.Services.AddKeyedSingleton(name, static (sp, key) => new HAProxyLoadBalancer(
            sp.GetRequiredService<IOptionsMonitor<HAProxyLoadBalancerOptions>>().Get((string)key!),
            sp.GetRequiredService<TimeProvider>()));
        return builder.UseLoadBalancer(sp => sp.GetRequiredKeyedService<HAProxyLoadBalancer>(name));
    }

    /// <summary>Registers the <c>HAProxy</c> source type of configuration (idempotent).</summary>
    internal static void AddHAProxySourceType(this IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricSourceType, HAProxyMetricSourceType>());
}
