using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScaleSets.Engine;
using ScaleSets.Hosting;
using ScaleSets.Hosting.Sources;
using ScaleSets.Notifications;
using ScaleSets.Telemetry;

#pragma warning disable IDE0130 // Extension methods on IServiceCollection live in its namespace, as Microsoft.Extensions packages do.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers ScaleSets.Core in a service collection.</summary>
public static class ScaleSetsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the autoscale engine, the hosted service that runs it with a controller per scale set, the
    /// <see cref="ScaleSetsRuntime"/> that exposes decisions and events, the telemetry, the <see cref="NotificationDispatcher"/>
    /// that delivers each setting's notifications (webhooks, and e-mail through any registered <see cref="INotificationSink"/>),
    /// the durable run history (<see cref="ScaleSets.History.IRunHistory"/>: SQLite <c>scalesets-history.db</c> in the content
    /// root by default; see <see cref="ScaleSetsBuilderHistoryExtensions"/>), and <see cref="TimeProvider.System"/> as the clock
    /// unless a <see cref="TimeProvider"/> is registered already. Safe to call more than once.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Declares scale sets; may be <see langword="null"/>.</param>
    /// <returns>The builder, to declare more scale sets.</returns>
    public static ScaleSetsBuilder AddScaleSets(this IServiceCollection services, Action<ScaleSetsBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(ScaleSetRegistry))?.ImplementationInstance as ScaleSetRegistry;
        if (registry is null)
        {
            registry = new ScaleSetRegistry();
            services.AddSingleton(registry);
            services.AddOptions();
            services.AddMetrics();
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScaleSetOptions>, ScaleSetOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AutoscaleEngineOptions>, AutoscaleEngineOptionsValidator>());
            services.AddOptions<AutoscaleEngineOptions>().ValidateOnStart();
            services.TryAddSingleton(sp => new AutoscaleEngine(
                new TimeProviderScheduler(sp.GetRequiredService<TimeProvider>()),
                sp.GetRequiredService<IOptions<AutoscaleEngineOptions>>().Value));
            services.TryAddSingleton(sp => new NotificationDispatcher(
                sp.GetRequiredService<IOptions<NotificationOptions>>().Value,
                sp.GetServices<INotificationSink>(),
                sp.GetRequiredService<TimeProvider>()));
            MetricSourceTypes.AddBuiltIn(services);
            services.TryAddSingleton<ScaleSetsRuntime>();
            services.TryAddSingleton<ScaleSetsTracing>();
            // The runtime is what the telemetry observes (ITelemetrySource), passed in so the container disposes it once.
            services.TryAddSingleton(static provider => ActivatorUtilities.CreateInstance<ScaleSetsTelemetry>(provider, provider.GetRequiredService<ScaleSetsRuntime>()));
            RunHistoryServices.Add(services);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScaleSetsHostedService>());
        }

        var builder = new ScaleSetsBuilder(services, registry);
        configure?.Invoke(builder);
        return builder;
    }
}
