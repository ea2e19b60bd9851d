using Microsoft.Extensions.DependencyInjection;
using ScaleSets.Sources.Meters;

namespace ScaleSets.Hosting;

/// <summary>Declares an in-process <see cref="System.Diagnostics.Metrics"/> source for a hosted scale set.</summary>
public static class ScaleSetBuilderMeterExtensions
{
    /// <summary>
    /// Adds a <see cref="MeterMetricSource"/> feeding the scale set from the application's own instruments, created (and
    /// listening) when the host starts, on the registered <see cref="TimeProvider"/>, and disposed with the container.
    /// </summary>
    /// <param name="builder">The scale set's builder.</param>
    /// <param name="configure">Chooses the instruments (meter name and instrument name) and the interval.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names every problem).</exception>
    public static ScaleSetBuilder AddMeterMetrics(this ScaleSetBuilder builder, Action<MeterMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MeterMetricsOptions();
        configure(options);
        var problems = options.Validate($"scale set '{builder.Name}': {nameof(MeterMetricsOptions)}");
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(configure));
        }

        var key = new object();
        builder.Services.AddKeyedSingleton(key, (sp, _) => new MeterMetricSource(options, sp.GetRequiredService<TimeProvider>()));
        return builder.AddMetricSource(sp => sp.GetRequiredKeyedService<MeterMetricSource>(key));
    }
}
