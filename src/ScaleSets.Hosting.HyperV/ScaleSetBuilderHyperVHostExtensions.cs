using Microsoft.Extensions.DependencyInjection;
using ScaleSets.HyperV.Metrics;
using ScaleSets.HyperV.Runner;

namespace ScaleSets.Hosting;

/// <summary>Declares a Hyper-V host metric source for a hosted scale set.</summary>
public static class ScaleSetBuilderHyperVHostExtensions
{
    /// <summary>
    /// Adds a <see cref="HyperVHostMetricSource"/> feeding the scale set with the host's CPU, memory and network
    /// measurements of its VMs, created when the host starts on the registered <see cref="TimeProvider"/> and disposed
    /// with the container. Scripts run through the registered <see cref="IPowerShellRunner"/>; when none is registered, a
    /// <see cref="PowerShellProcessRunner"/> with the <see cref="PowerShellProcessRunnerOptions"/> from the options system.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Sets the options; <see cref="HyperVHostMetricsOptions.ScaleSetName"/> is the scale set's name unless set.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public static ScaleSetBuilder AddHyperVHostMetrics(this ScaleSetBuilder builder, Action<HyperVHostMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HyperVHostMetricsOptions { ScaleSetName = builder.Name };
        configure?.Invoke(options);
        var problems = options.Validate($"scale set '{builder.Name}': {nameof(HyperVHostMetricsOptions)}");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(configure));
        }

        builder.Services.AddOptions<PowerShellProcessRunnerOptions>();
        builder.Services.TryAddPowerShellRunner();
        builder.Services.AddHyperVSourceType();
        var key = new object();
        builder.Services.AddKeyedSingleton(key, (sp, _) => new HyperVHostMetricSource(options, sp.GetRequiredService<IPowerShellRunner>(), sp.GetRequiredService<TimeProvider>()));
        return builder.AddMetricSource(sp => sp.GetRequiredKeyedService<HyperVHostMetricSource>(key));
    }
}
