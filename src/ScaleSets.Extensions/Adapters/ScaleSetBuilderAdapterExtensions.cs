using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScaleSets.HAProxy;
using ScaleSets.HyperV;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.Hosting;

/// <summary>
/// Declares the shipped adapters (HAProxy, Hyper-V) for a hosted scale set. They live here, not in the adapters' packages,
/// so ScaleSets.HAProxy and ScaleSets.HyperV stay usable without the hosting package.
/// </summary>
public static class ScaleSetBuilderAdapterExtensions
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
        builder.Services.AddAdapterOptions(name, configure, "HAProxy load balancer", static o => o.Validate());
        builder.Services.AddKeyedSingleton(name, static (sp, key) => new HAProxyLoadBalancer(
            sp.GetRequiredService<IOptionsMonitor<HAProxyLoadBalancerOptions>>().Get((string)key!),
            sp.GetRequiredService<TimeProvider>()));
        return builder.UseLoadBalancer(sp => sp.GetRequiredKeyedService<HAProxyLoadBalancer>(name));
    }

    /// <summary>
    /// Uses a <see cref="HyperVComputeProvider"/> as the scale set's compute provider. Its options are the named
    /// <see cref="HyperVProviderOptions"/> of the scale set's name, validated when the host starts (every problem reported).
    /// Scripts run through the registered <see cref="IPowerShellRunner"/>; when none is registered, a
    /// <see cref="PowerShellProcessRunner"/> with the <see cref="PowerShellProcessRunnerOptions"/> from the options system.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Sets the options, for example the disk directory and switch name.</param>
    /// <returns>The builder.</returns>
    public static ScaleSetBuilder AddHyperVCompute(this ScaleSetBuilder builder, Action<HyperVProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var name = builder.Name;
        builder.Services.AddAdapterOptions(name, configure, "Hyper-V compute provider", static o => o.Validate());
        builder.Services.AddOptions<PowerShellProcessRunnerOptions>();
        builder.Services.TryAddPowerShellRunner();
        builder.Services.AddKeyedSingleton(name, static (sp, key) => new HyperVComputeProvider(
            sp.GetRequiredService<IOptionsMonitor<HyperVProviderOptions>>().Get((string)key!),
            sp.GetRequiredService<IPowerShellRunner>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder.UseComputeProvider(sp => sp.GetRequiredKeyedService<HyperVComputeProvider>(name));
    }

    /// <summary>Registers an adapter's options under the scale set's name, validated when the host starts with every problem reported.</summary>
    private static void AddAdapterOptions<TOptions>(this IServiceCollection services, string name, Action<TOptions> configure, string adapter, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>(name).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new AdapterOptionsValidator<TOptions>(name, adapter, validate));
    }

    internal static void TryAddPowerShellRunner(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IPowerShellRunner) && !d.IsKeyedService))
        {
            services.AddSingleton<IPowerShellRunner>(static sp =>
                new PowerShellProcessRunner(sp.GetRequiredService<IOptions<PowerShellProcessRunnerOptions>>().Value));
        }
    }
}
