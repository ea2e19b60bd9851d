using ScaleSets.Simulation.Service;

namespace ScaleSets.Simulation.Policies;

/// <summary>What the built-in policies are parameterized with: only what a user of the service would know before any run.</summary>
/// <param name="Service">The service model: per-instance capacity and the target utilization.</param>
/// <param name="PeakDemand">The instances the workload's peak needs (for <c>static-peak</c>, which is sized by hindsight by definition).</param>
/// <param name="MaximumCapacity">The largest capacity any policy may reach.</param>
/// <param name="ProvisioningTime">How long a new instance takes from the decision to serving: create latency plus the longest boot.</param>
public sealed record PolicyContext(ServiceModel Service, int PeakDemand, int MaximumCapacity, TimeSpan ProvisioningTime)
{
    /// <summary>Gets the share of steps the user wants within the SLO (<c>--slo</c>), which the <c>default</c> policy takes as its input.</summary>
    /// <value>The default is 0.99.</value>
    public double SloTarget { get; init; } = 0.99;
}
