using ScaleSets.Abstractions;
using ScaleSets.Control;
using ScaleSets.Policy;

namespace ScaleSets.Orleans.Hosting;

/// <summary>What a silo gives one scale set's grain to act through: its compute provider, load balancer and controller options.</summary>
/// <param name="Compute">The compute provider (its creates must be idempotent by instance name, as the controller's names are deterministic).</param>
/// <param name="LoadBalancer">The load balancer.</param>
/// <param name="ControllerOptions">The controller's options; <see cref="ScaleSetControllerOptions.ScaleSetName"/> must be the set's name.</param>
/// <param name="HealthProbe">An optional health probe.</param>
public sealed record ScaleSetBackend(
    IComputeProvider Compute,
    ILoadBalancer LoadBalancer,
    ScaleSetControllerOptions ControllerOptions,
    IHealthProbe? HealthProbe = null)
{
    /// <summary>
    /// Gets an optional observer of the set's decisions: called on the grain's context with each evaluation's decision,
    /// before it is stored or acted on (diagnostics, measurement: <c>scalesets cluster-bench</c> times a decision to the
    /// provider call it causes). It must return at once; an exception it throws is recorded in the set's recent events (<c>DecisionObserverFailed</c>) and otherwise ignored.
    /// </summary>
    public Action<ScaleDecision>? OnDecision { get; init; }
}
