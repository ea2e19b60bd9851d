using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScaleSets.Abstractions;
using ScaleSets.Metrics;
using ScaleSets.Model;

namespace ScaleSets.Hosting;

/// <summary>Declares one hosted scale set: where its options come from, its metric sources and its adapters.</summary>
public sealed class ScaleSetBuilder
{
    private readonly ScaleSetRegistration _registration;

    internal ScaleSetBuilder(IServiceCollection services, ScaleSetRegistration registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>Gets the scale set's name, which is also the name of its <see cref="ScaleSetOptions"/>.</summary>
    public string Name => _registration.Name;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Binds the options from the configuration section at <paramref name="sectionPath"/> (for example <c>ScaleSets:web</c>) of
    /// the registered <see cref="IConfiguration"/>, and applies the section's later changes at the next evaluation.
    /// </summary>
    /// <param name="sectionPath">The section's path.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder BindConfiguration(string sectionPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        var name = Name;
        _registration.ConfigurationPath = sectionPath;
        Services.AddOptions<ScaleSetOptions>(name)
            .Configure<IConfiguration>((options, configuration) => ScaleSetConfiguration.Apply(options, configuration.GetSection(sectionPath), name));

        // Changes are watched by the hosted service, not announced through IOptionsChangeTokenSource: IOptionsMonitor
        // would throw an invalid reload out of the configuration's reload; the hosted service rejects it and keeps running.
        return this;
    }

    /// <summary>
    /// Registers an adapter's options as named options of the scale set's name, validated when the host starts with the
    /// adapter's own rules and every problem reported as <c>Scale set 'web', HAProxy load balancer: …</c>. The adapters'
    /// hosting packages (ScaleSets.Hosting.HAProxy, …) declare theirs with it; so can an adapter of your own.
    /// </summary>
    /// <typeparam name="TOptions">The adapter's options type.</typeparam>
    /// <param name="adapter">The adapter's name in messages, for example <c>HAProxy load balancer</c>.</param>
    /// <param name="validate">Returns the options' problems; empty when they are valid.</param>
    /// <returns>The options' builder, to configure them (<see cref="OptionsBuilder{TOptions}.Configure(Action{TOptions})"/>).</returns>
    public OptionsBuilder<TOptions> AddAdapterOptions<TOptions>(string adapter, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adapter);
        ArgumentNullException.ThrowIfNull(validate);
        Services.AddSingleton<IValidateOptions<TOptions>>(new AdapterOptionsValidator<TOptions>(Name, adapter, validate));
        return Services.AddOptions<TOptions>(Name).ValidateOnStart();
    }

    /// <summary>Configures the options in code; runs after configuration binding declared before it.</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder Configure(Action<ScaleSetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<ScaleSetOptions>(Name).Configure(configure);
        return this;
    }

    /// <summary>Sets the autoscale setting in code.</summary>
    /// <param name="setting">The setting; validated at start.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder WithSetting(AutoscaleSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Configure(options => options.Setting = setting);
    }

    /// <summary>
    /// Reads the autoscale setting from a file when the options are created (configuration keys <c>SettingFile</c> and
    /// <c>SettingParametersFile</c>): native JSON, an Azure autoscale setting or ARM template, or a Kubernetes
    /// HorizontalPodAutoscaler manifest. Problems are reported at start with the key, the file and the JSON path in it.
    /// </summary>
    /// <param name="path">The setting file; relative paths are relative to the current directory.</param>
    /// <param name="parametersFile">An ARM deployment parameters file for a template, whose values come before the template parameters' <c>defaultValue</c>; <see langword="null"/> for none.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder WithSettingFile(string path, string? parametersFile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (parametersFile is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(parametersFile);
        }

        return Configure(options =>
        {
            options.SettingFile = path;
            options.SettingParametersFile = parametersFile;
        });
    }

    /// <summary>Sets the model new instances are created from.</summary>
    /// <param name="model">The model.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder WithModel(ScaleSetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Configure(options => options.Model = model);
    }

    /// <summary>Adds a metric source, created from the services when the host starts.</summary>
    /// <param name="factory">Creates the source.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder AddMetricSource(Func<IServiceProvider, IObservable<MetricSample>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.MetricSources.Add(factory);
        return this;
    }

    /// <summary>Uses <typeparamref name="TCompute"/>, registered as a singleton when not registered yet, as the compute provider.</summary>
    /// <typeparam name="TCompute">The compute provider type.</typeparam>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseComputeProvider<TCompute>()
        where TCompute : class, IComputeProvider
    {
        Services.TryAddSingleton<TCompute>();
        _registration.Compute = static sp => sp.GetRequiredService<TCompute>();
        return this;
    }

    /// <summary>Uses the compute provider <paramref name="factory"/> returns.</summary>
    /// <param name="factory">Creates or finds the compute provider when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseComputeProvider(Func<IServiceProvider, IComputeProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.Compute = factory;
        return this;
    }

    /// <summary>Uses <typeparamref name="TLoadBalancer"/>, registered as a singleton when not registered yet, as the load balancer.</summary>
    /// <typeparam name="TLoadBalancer">The load balancer type.</typeparam>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseLoadBalancer<TLoadBalancer>()
        where TLoadBalancer : class, ILoadBalancer
    {
        Services.TryAddSingleton<TLoadBalancer>();
        _registration.LoadBalancer = static sp => sp.GetRequiredService<TLoadBalancer>();
        return this;
    }

    /// <summary>Uses the load balancer <paramref name="factory"/> returns.</summary>
    /// <param name="factory">Creates or finds the load balancer when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseLoadBalancer(Func<IServiceProvider, ILoadBalancer> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.LoadBalancer = factory;
        return this;
    }

    /// <summary>Adds a health probe that must also pass for an instance to count as healthy.</summary>
    /// <param name="factory">Creates the probe when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseHealthProbe(Func<IServiceProvider, IHealthProbe> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.HealthProbe = factory;
        return this;
    }

    /// <summary>Adds user code run after an instance is created and before it is deleted.</summary>
    /// <param name="factory">Creates the hook when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseLifecycleHook(Func<IServiceProvider, IInstanceLifecycleHook> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.LifecycleHook = factory;
        return this;
    }

    /// <summary>
    /// Keeps the controller's state (a stopped upgrade, repair failures and suspension) in a store that outlives the
    /// process, so a restarted host behaves as the one before it; for example <c>new FileControllerStateStore(path)</c>.
    /// </summary>
    /// <param name="factory">Creates the store when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseControllerStateStore(Func<IServiceProvider, ScaleSets.Control.IControllerStateStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.StateStore = factory;
        return this;
    }

    /// <summary>
    /// Keeps the autoscaler's own state (the last action's cooldown, the recommendation histories behind stabilization
    /// windows, the adaptive window's replays, the forecaster's history, the metric windows) in a store that outlives
    /// the process: the set is restored from it when the host starts and saved after every evaluation, so a restarted
    /// host neither scales in at once after a scale-out nor acts inside a cooldown.
    /// </summary>
    /// <param name="factory">Creates the store when the host starts.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseAutoscalerStateStore(Func<IServiceProvider, ScaleSets.State.IAutoscalerStateStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registration.AutoscalerStateStore = factory;
        return this;
    }

    /// <summary>
    /// Keeps the autoscaler's own state in <c>&lt;directory&gt;/&lt;set&gt;.autoscaler-state.json</c>
    /// (<see cref="ScaleSets.Control.FileAutoscalerStateStore"/>), as <see cref="UseAutoscalerStateStore"/> describes.
    /// </summary>
    /// <param name="directory">The folder of the state files; created when missing.</param>
    /// <returns>This builder.</returns>
    public ScaleSetBuilder UseAutoscalerStateFile(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var store = new ScaleSets.Control.FileAutoscalerStateStore(directory);
        return UseAutoscalerStateStore(_ => store);
    }
}
