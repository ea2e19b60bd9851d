using ScaleSets.Model;

namespace ScaleSets.Simulation.Policies;

/// <summary>A policy compared in a simulation: a name and the autoscale setting the engine runs for it.</summary>
/// <param name="Name">The name shown in tables and reports.</param>
/// <param name="Setting">The setting; run through the real engine.</param>
/// <param name="InitialCapacity">The ready instances at the start, or <see langword="null"/> for the demand of the first step (a set in steady state).</param>
public sealed record SimulationPolicy(string Name, AutoscaleSetting Setting, int? InitialCapacity = null)
{
    /// <summary>
    /// Gets the instance warm-up the controller applies for this policy: how long after an instance starts serving its
    /// samples are left out of the rule statistics while it counts toward capacity (AWS's instance warm-up).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: the controller's default (<see cref="ScaleSets.Control.ScaleSetControllerOptions.InstanceWarmup"/>).
    /// Zero for a product that counts every serving instance's metrics (Kubernetes HPA counts a ready pod once its
    /// metric window starts after readiness; Azure Monitor averages every VM of the set).
    /// </value>
    public TimeSpan? InstanceWarmup { get; init; }
}
