namespace ScaleSets.Simulation.Soak;

/// <summary>The outcome of a soak run.</summary>
/// <param name="Options">The options it ran with.</param>
/// <param name="Invariants">Every invariant with its checks and violations.</param>
/// <param name="VirtualElapsed">The virtual time the run covered.</param>
/// <param name="InstancesCreated">Instances the simulated cloud made.</param>
/// <param name="ControllerRestarts">How often the controller was replaced by a fresh one mid-run.</param>
/// <param name="FaultsInjected">Crashes, losses, zone outages and load balancer restarts injected.</param>
/// <param name="EventCounts">Controller events by kind.</param>
public sealed record SoakReport(
    SoakOptions Options,
    IReadOnlyList<InvariantResult> Invariants,
    TimeSpan VirtualElapsed,
    long InstancesCreated,
    int ControllerRestarts,
    int FaultsInjected,
    IReadOnlyDictionary<string, int> EventCounts)
{
    /// <summary>Gets the total number of violations.</summary>
    public long Violations => Invariants.Sum(i => i.Violations);

    /// <summary>Gets a value indicating whether every invariant held.</summary>
    public bool Passed => Violations == 0;
}
