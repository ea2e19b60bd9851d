using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScaleSets.Hosting.Sources;
using ScaleSets.HyperV;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.Hosting;

/// <summary>
/// Declares the Hyper-V compute provider for a hosted scale set. It lives in this bridging package, not in ScaleSets.HyperV
/// (usable without the generic host) nor in ScaleSets.Hosting (usable without Hyper-V).
/// </summary>
public static class ScaleSetBuilderHyperVExtensions
{
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
        builder.AddAdapterOptions<HyperVProviderOptions>("Hyper-V compute provider", static o => o.Validate()).Configure(configure);
        builder.Services.AddHyperVSourceType();
        builder.Services.AddOptions<PowerShellProcessRunnerOptions>();
        builder.Services.TryAddPowerShellRunner();
        builder.Services.AddKeyedSingleton(name, static (sp, key) => new HyperVComputeProvider(
            sp.GetRequiredService<IOptionsMonitor<HyperVProviderOptions>>().Get((string)key!),
            sp.GetRequiredService<IPowerShellRunner>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder.UseComputeProvider(sp => sp.GetRequiredKeyedService<HyperVComputeProvider>(name));
    }

    /// <summary>Registers the <c>HyperV</c> source type of configuration (idempotent).</summary>
    internal static void AddHyperVSourceType(this IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricSourceType, HyperVMetricSourceType>());

    /// <summary>Registers a <see cref="PowerShellProcessRunner"/> as the <see cref="IPowerShellRunner"/> unless one is registered.</summary>
    internal static void TryAddPowerShellRunner(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(IPowerShellRunner) && !d.IsKeyedService))
        {
            services.AddSingleton<IPowerShellRunner>(static sp =>
                new PowerShellProcessRunner(sp.GetRequiredService<IOptions<PowerShellProcessRunnerOptions>>().Value));
        }
    }
}
