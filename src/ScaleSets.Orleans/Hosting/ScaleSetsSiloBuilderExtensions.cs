using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ScaleSets.Orleans.Hosting;

/// <summary>Adds scale set grains to a silo.</summary>
public static class ScaleSetsSiloBuilderExtensions
{
    /// <summary>
    /// Runs scale sets in this silo: registers the backend factory the grains act through and the options. The silo also
    /// needs clustering, a grain storage named <see cref="ScaleSetsSiloOptions.StorageName"/> and a reminder service:
    /// <see cref="PostgreSqlHostingExtensions.UseScaleSetsPostgreSql(ISiloBuilder, string)"/> configures all three on PostgreSQL.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="backends">Gives each scale set its compute provider, load balancer and controller options.</param>
    /// <param name="configure">Changes the options; <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddScaleSets(this ISiloBuilder builder, Func<IServiceProvider, IScaleSetBackendFactory> backends, Action<ScaleSetsSiloOptions>? configure) =>
        AddScaleSets(builder, backends, configuration: null, configure);

    /// <summary>
    /// Runs scale sets in this silo with the options bound from configuration (appsettings' <c>ScaleSets:Orleans</c>, say:
    /// <c>EvaluationInterval</c>, <c>ReconcileInterval</c>, <c>WakeUpPeriod</c> as <c>hh:mm:ss</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="backends">Gives each scale set its compute provider, load balancer and controller options.</param>
    /// <param name="configuration">The configuration section of the options; <see langword="null"/> for none.</param>
    /// <param name="configure">Changes the options after binding; <see langword="null"/> for none.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddScaleSets(
        this ISiloBuilder builder,
        Func<IServiceProvider, IScaleSetBackendFactory> backends,
        IConfiguration? configuration,
        Action<ScaleSetsSiloOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backends);
        builder.Services.TryAddSingleton(backends);
        var options = builder.Services.AddOptions<ScaleSetsSiloOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o =>
            {
                o.ThrowIfInvalid();
                return true;
            },
            "ScaleSets:Orleans options are invalid.").ValidateOnStart();
        return builder;
    }
}
