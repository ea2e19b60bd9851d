using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScaleSets.Engine;
using ScaleSets.Hosting.Sources;
using ScaleSets.Notifications;

namespace ScaleSets.Hosting;

/// <summary>Declares the hosted scale sets and the engine options; returned by <c>services.AddScaleSets()</c>.</summary>
public sealed class ScaleSetsBuilder
{
    private readonly ScaleSetRegistry _registry;

    internal ScaleSetsBuilder(IServiceCollection services, ScaleSetRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Binds the options of the one engine that evaluates every scale set from the configuration section at
    /// <paramref name="sectionPath"/> of the registered <see cref="IConfiguration"/>: <c>EvaluationInterval</c>,
    /// <c>MaxSampleLateness</c>, <c>MaxClockSkew</c> (as <c>hh:mm:ss</c>), <c>InstanceLimit</c>, <c>PredictiveRefit</c>
    /// (<c>Background</c> or <c>Inline</c>), <c>DefaultMetricRange</c> and
    /// <c>MetricRanges:&lt;metric&gt;</c> (each with <c>Minimum</c> and <c>Maximum</c>). They are validated when the host starts,
    /// every error naming its configuration path. A changed <c>EvaluationInterval</c> takes effect at run time (the next
    /// evaluation falls on the new interval); the others size and compile each metric series when the engine is created, so a
    /// change to them is logged as needing a restart and not applied.
    /// </summary>
    /// <param name="sectionPath">The section's path.</param>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder BindEngineConfiguration(string sectionPath = "ScaleSets:Engine")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        _registry.EngineConfigurationPath = sectionPath;
        Services.AddOptions<AutoscaleEngineOptions>()
            .Configure<IConfiguration>((options, configuration) => EngineConfiguration.Apply(options, configuration.GetSection(sectionPath)));
        return this;
    }

    /// <summary>Configures the options of the one engine that evaluates every scale set; runs after configuration binding declared before it.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder ConfigureEngine(Action<AutoscaleEngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Configures how the hosted scale sets' notifications (a setting's <c>notifications</c>: webhooks and e-mail) are
    /// delivered: queue size, retries, per-attempt timeout, and the <see cref="HttpClient"/> webhooks are POSTed with
    /// (<see cref="NotificationOptions.HttpClient"/>; by default one of the dispatcher's own).
    /// </summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder ConfigureNotifications(Action<NotificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Adds a sink that receives every scale action of the hosted scale sets (an e-mail sender for the setting's
    /// <c>email</c> recipients, a chat or pager integration), called off the evaluation path with retries.
    /// </summary>
    /// <param name="sink">The sink.</param>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder AddNotificationSink(INotificationSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Services.AddSingleton(sink);
        return this;
    }

    /// <summary>Adds a sink created by the container (see <see cref="AddNotificationSink(INotificationSink)"/>); added once per type.</summary>
    /// <typeparam name="TSink">The sink's type.</typeparam>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder AddNotificationSink<TSink>()
        where TSink : class, INotificationSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSink, TSink>());
        return this;
    }

    /// <summary>
    /// Registers a source type that configuration can name in a scale set's <c>Sources</c> list by its
    /// <see cref="IMetricSourceType.Name"/>, besides the shipped ones.
    /// </summary>
    /// <param name="type">The type.</param>
    /// <returns>This builder.</returns>
    public ScaleSetsBuilder AddMetricSourceType(IMetricSourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Services.AddSingleton(type);
        return this;
    }

    /// <summary>Declares a scale set; its options are validated when the host starts.</summary>
    /// <param name="name">A unique name of letters, digits, '-' and '_'; also the controller's scale set name unless configured otherwise.</param>
    /// <param name="configure">Declares its options, metric sources and adapters.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A scale set with this name is already declared.</exception>
    public ScaleSetsBuilder AddScaleSet(string name, Action<ScaleSetBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        var registration = _registry.Add(name);
        Services.AddOptions<ScaleSetOptions>(name).ValidateOnStart();
        configure(new ScaleSetBuilder(Services, registration));

        // Runs after every Configure, so the file is read only when no setting came from configuration or code.
        Services.AddOptions<ScaleSetOptions>(name).PostConfigure<IOptions<AutoscaleEngineOptions>>((options, engine) =>
        {
            ScaleSetConfiguration.LoadSettingFile(options, Math.Max(0, engine.Value.InstanceLimit));
            if (string.IsNullOrEmpty(options.Controller.ScaleSetName))
            {
                options.Controller.ScaleSetName = name;
            }
        });
        return this;
    }
}
