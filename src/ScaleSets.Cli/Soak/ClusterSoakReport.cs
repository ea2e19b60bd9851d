using ScaleSets.Simulation.Soak;

namespace ScaleSets.Cli.Soak;

/// <summary>What a cluster soak did and found.</summary>
/// <param name="Options">The run's options.</param>
/// <param name="Invariants">Each invariant with its checks and violations.</param>
/// <param name="VirtualElapsed">The virtual time the run covered.</param>
/// <param name="SiloKills">How many silos were killed (and replaced).</param>
/// <param name="Activations">How many scale set activations acted (each built its backend once).</param>
/// <param name="Actions">How many provider and load balancer actions the activations sent.</param>
/// <param name="InstancesCreated">How many instances the simulated cloud made.</param>
/// <param name="FaultsInjected">How many instance faults were injected.</param>
internal sealed record ClusterSoakReport(
    ClusterSoakOptions Options,
    IReadOnlyList<InvariantResult> Invariants,
    TimeSpan VirtualElapsed,
    int SiloKills,
    int Activations,
    long Actions,
    long InstancesCreated,
    int FaultsInjected)
{
    /// <summary>Gets the total number of violations.</summary>
    public long Violations => Invariants.Sum(i => i.Violations);

    /// <summary>Gets whether the run passed: no violation of any invariant.</summary>
    public bool Passed => Violations == 0;
}
