namespace ScaleSets.Simulation.Runs;

/// <summary>One variant of a policy family in a sweep, and how it did.</summary>
/// <param name="Family">The built-in policy the variant is of.</param>
/// <param name="Knob">What the sweep varies, e.g. <c>target utilization</c>.</param>
/// <param name="Value">The knob's value for this variant (a fraction).</param>
/// <param name="Run">The variant's run: its SLO attainment and cost against the clairvoyant bound, and the elasticity metrics.</param>
public sealed record SweepPoint(string Family, string Knob, double Value, PolicyRun Run);
