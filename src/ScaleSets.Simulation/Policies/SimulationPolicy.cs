using ScaleSets.Model;

namespace ScaleSets.Simulation.Policies;

/// <summary>A policy compared in a simulation: a name and the autoscale setting the engine runs for it.</summary>
/// <param name="Name">The name shown in tables and reports.</param>
/// <param name="Setting">The setting; run through the real engine.</param>
/// <param name="InitialCapacity">The ready instances at the start, or <see langword="null"/> for the demand of the first step (a set in steady state).</param>
public sealed record SimulationPolicy(string Name, AutoscaleSetting Setting, int? InitialCapacity = null);
