using ScaleSets.Abstractions;
using ScaleSets.Metrics;

namespace ScaleSets.Hosting;

/// <summary>What the builder declared for one scale set besides its options: the adapters and metric sources, as factories resolved at start.</summary>
internal sealed class ScaleSetRegistration(string name)
{
    public string Name { get; } = name;

    public List<Func<IServiceProvider, IObservable<MetricSample>>> MetricSources { get; } = [];

    public Func<IServiceProvider, IComputeProvider>? Compute { get; set; }

    public Func<IServiceProvider, ILoadBalancer>? LoadBalancer { get; set; }

    public Func<IServiceProvider, IHealthProbe>? HealthProbe { get; set; }

    public Func<IServiceProvider, IInstanceLifecycleHook>? LifecycleHook { get; set; }

    public Func<IServiceProvider, ScaleSets.Control.IControllerStateStore>? StateStore { get; set; }

    /// <summary>Gets or sets the store of the autoscaler's own state (cooldowns, histories, forecast), or null to start fresh at every start.</summary>
    public Func<IServiceProvider, ScaleSets.State.IAutoscalerStateStore>? AutoscalerStateStore { get; set; }

    public string? ConfigurationPath { get; set; }
}
