using ScaleSets.Simulation.Policies;

namespace ScaleSets.Simulation.Runs;

/// <summary>One variant of a policy family: the family, the knob it varies and its value, and the policy that results.</summary>
/// <param name="Family">The built-in policy the variant is of.</param>
/// <param name="Knob">What the sweep varies, e.g. <c>target utilization</c>.</param>
/// <param name="Value">The knob's value (a fraction).</param>
/// <param name="Policy">The policy run, named <c>family@value</c>.</param>
public sealed record SweepVariant(string Family, string Knob, double Value, SimulationPolicy Policy);
